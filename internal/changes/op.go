package changes

// Op says how a paragraph, a piece of text or a figure differs between the
// previous report and the current one.
type Op int

const (
	Same    Op = iota // in both, unchanged
	Added             // only in the current report (or blank in the previous)
	Removed           // only in the previous report (or blank in the current)
	Changed           // in both, different
)

// Label is the text label the page shows for the operation, so a change
// is never marked by colour alone.
func (o Op) Label() string {
	switch o {
	case Added:
		return "新增"
	case Removed:
		return "删除"
	case Changed:
		return "修改"
	}
	return "未变"
}

// String names the operation in English, for logs and test failures.
func (o Op) String() string {
	switch o {
	case Added:
		return "added"
	case Removed:
		return "removed"
	case Changed:
		return "changed"
	}
	return "same"
}

// Kind is what happened to a figure: Changed, Added or Removed (Same for
// the unchanged figures Figures counts but does not list).
type Kind = Op

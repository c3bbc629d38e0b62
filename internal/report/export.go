package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// Object is a JSON object that keeps its keys in insertion order, so open
// data lists rows and columns in the order of the national form.
type Object []Field

// Field is one member of an Object.
type Field struct {
	Key   string
	Value any
}

// MarshalJSON writes the members in order. The buffer starts at the size of
// a report's open data (3–5 KB); AppendJSON into a reused buffer saves even
// that allocation.
func (o Object) MarshalJSON() ([]byte, error) { return o.AppendJSON(make([]byte, 0, 4096)) }

// AppendJSON appends the object as compact JSON to dst, the same bytes
// encoding/json writes with SetEscapeHTML(false): <, > and & are kept as
// they are (the data is Chinese text read by people and programs, not
// embedded in HTML), while control characters, U+2028 and U+2029 are
// escaped and invalid UTF-8 becomes U+FFFD. Values of the types OpenData
// builds (Object, []any, []string, []Finding, Finding, string, bool, nil,
// float64 and the integer types) are written directly into dst; any other
// value goes through encoding/json. NaN and infinities are an error.
func (o Object) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	var err error
	for i, f := range o {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, f.Key)
		dst = append(dst, ':')
		if dst, err = appendValue(dst, f.Value); err != nil {
			return nil, err
		}
	}
	return append(dst, '}'), nil
}

func appendValue(dst []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case Object:
		return v.AppendJSON(dst)
	case string:
		return appendString(dst, v), nil
	case float64:
		return appendFloat(dst, v)
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(dst, v, 10), nil
	case bool:
		return strconv.AppendBool(dst, v), nil
	case []any:
		if v == nil {
			return append(dst, "null"...), nil
		}
		return appendList(dst, v, appendValue)
	case []string:
		if v == nil {
			return append(dst, "null"...), nil
		}
		return appendList(dst, v, func(dst []byte, s string) ([]byte, error) { return appendString(dst, s), nil })
	case []Finding:
		if v == nil {
			return append(dst, "null"...), nil
		}
		return appendList(dst, v, func(dst []byte, f Finding) ([]byte, error) { return f.appendJSON(dst), nil })
	case Finding:
		return v.appendJSON(dst), nil
	}
	b, err := marshal(v)
	if err != nil {
		return nil, err
	}
	return append(dst, b...), nil
}

func appendList[T any](dst []byte, list []T, each func([]byte, T) ([]byte, error)) ([]byte, error) {
	dst = append(dst, '[')
	var err error
	for i, v := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dst, err = each(dst, v); err != nil {
			return nil, err
		}
	}
	return append(dst, ']'), nil
}

// appendJSON writes a finding as encoding/json does from its struct tags.
func (f Finding) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"file":`...)
	dst = appendString(dst, f.File)
	dst = append(dst, `,"line":`...)
	dst = strconv.AppendInt(dst, int64(f.Line), 10)
	dst = append(dst, `,"col":`...)
	dst = strconv.AppendInt(dst, int64(f.Col), 10)
	for _, m := range [...]struct {
		key, val  string
		omitEmpty bool
	}{
		{`,"severity":`, string(f.Severity), false}, {`,"rule":`, f.Rule, false}, {`,"path":`, f.Path, true},
		{`,"message":`, f.Message, false}, {`,"expected":`, f.Expected, true}, {`,"recorded":`, f.Recorded, true},
	} {
		if m.val != "" || !m.omitEmpty {
			dst = appendString(append(dst, m.key...), m.val)
		}
	}
	return append(dst, '}')
}

// appendFloat formats like encoding/json (ES6 number to string): 'f'
// format, exponent form below 1e-6 and from 1e21, without exponent padding.
func appendFloat(dst []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, nil
}

const hexDigits = "0123456789abcdef"

// appendString quotes s as encoding/json does without HTML escaping.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// marshal encodes a value of a type AppendJSON does not know, without
// escaping <, > and &.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// value is a cell in open data: its number, or nil when blank.
func value(c Cell) any {
	if !c.Set {
		return nil
	}
	return c.Value
}

// Section4Layout names the 15 values of section4 in order.
func Section4Layout() []string {
	var out []string
	for _, g := range Table4Groups {
		for _, c := range Table4Columns {
			out = append(out, g+":"+c)
		}
	}
	return out
}

// OpenData is a report as open data, the format `sitegen import --json`
// prints and the portal publishes: section2 by row then column label (the
// labels of the layout the table uses), section3.rows by canonical row key
// with the seven columns in form order, section4 as the 15 values of
// Section4Layout, null for blank cells and absent tables.
func OpenData(r *Report, agency *Agency, findings []Finding) Object {
	var name any
	if agency != nil && agency.Name != "" {
		name = agency.Name
	}
	var published any
	if r.Published != "" {
		published = r.Published
	}
	if findings == nil {
		findings = []Finding{}
	}
	return Object{
		{"agency", name},
		{"agency_key", r.Agency},
		{"year", r.Year},
		{"title", nullable(r.Title)},
		{"published", published},
		{"layout", r.Layout()},
		{"section2", section2Data(r.Table2)},
		{"extra_rows", extraData(r.Table2)},
		{"section3", section3Data(r.Table3)},
		{"section4", section4Data(r.Table4)},
		{"section4_layout", Section4Layout()},
		{"findings", findings},
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func section2Data(t *Table2) any {
	if t == nil {
		return nil
	}
	var rows Object
	for _, def := range Table2Rows[t.Layout] {
		cells, ok := t.Rows[def.Label]
		if !ok {
			continue
		}
		var row Object
		for _, col := range def.Columns {
			c := cells[col.Label]
			row = append(row, Field{col.DataLabel(), moneyOrCount(c, col)})
		}
		rows = append(rows, Field{def.Label, row})
	}
	return rows
}

// moneyOrCount gives a count as a number, an amount in a column with a
// fixed unit as a number in that unit, and any other amount as
// {value, unit, yuan}: the value and unit as written (unit null when none
// was) and the amount normalised to 元 (null when the unit is unknown).
func moneyOrCount(c Cell, col Column) any {
	if col.Kind != Money {
		return value(c)
	}
	if col.Unit != "" {
		if c.Unit == "" || c.Unit == col.Unit {
			return value(c)
		}
		v, _ := c.In(col.Unit)
		return v
	}
	if !c.Set {
		return nil
	}
	// The unit as written, and the amount in 元 when the unit is known.
	var yuan any
	if v, ok := c.In("元"); ok {
		yuan = v
	}
	return Object{{"value", c.Value}, {"unit", nullable(c.Unit)}, {"yuan", yuan}}
}

func extraData(t *Table2) Object {
	out := Object{}
	if t == nil {
		return out
	}
	for _, x := range t.Extra {
		if x.Cell.Unit != "" {
			out = append(out, Field{x.Label, Object{{"value", value(x.Cell)}, {"unit", x.Cell.Unit}}})
		} else {
			out = append(out, Field{x.Label, value(x.Cell)})
		}
	}
	return out
}

func section3Data(t *Table3) any {
	if t == nil {
		return nil
	}
	var rows Object
	for _, def := range Table3Rows[t.Layout] {
		cells := make([]any, len(Table3Columns))
		for i := range cells {
			cells[i] = value(t.Get(def.Key, i))
		}
		rows = append(rows, Field{def.Key, cells})
	}
	return Object{{"columns", Table3Columns}, {"rows", rows}}
}

func section4Data(t *Table4) any {
	if t == nil {
		return nil
	}
	var out []any
	for g := range Table4Groups {
		for c := range Table4Columns {
			out = append(out, value(t.Get(g, c)))
		}
	}
	return out
}

package report

import (
	"bytes"
	"encoding/json"
)

// Object is a JSON object that keeps its keys in insertion order, so open
// data lists rows and columns in the order of the national form.
type Object []Field

// Field is one member of an Object.
type Field struct {
	Key   string
	Value any
}

// MarshalJSON writes the members in order.
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(f.Key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(f.Value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal encodes v without escaping <, > and & (the data is Chinese text
// read by people and programs, not embedded in HTML).
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

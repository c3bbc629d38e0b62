package build

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"sort"
	"strconv"

	"sitegen/internal/render"
)

// deps builds an output's fingerprint from the identities of its inputs.
type deps struct {
	h   hash.Hash
	buf []byte
}

func newDeps() *deps { return &deps{h: sha256.New()} }

func (d *deps) reset() { d.h.Reset() }

func (d *deps) fingerprint() render.Sum { return render.Sum(d.h.Sum(d.buf[:0])) }

func (d *deps) sum(s render.Sum) { d.h.Write(s[:]) }

func (d *deps) bytes(b []byte) {
	d.h.Write(binary.AppendUvarint(d.buf[:0], uint64(len(b))))
	d.h.Write(b)
}

// report adds a report and its agency record; nil adds a marker, so that
// gaining or losing a neighbour changes the fingerprint.
func (d *deps) report(n *reportNode) {
	if n == nil {
		d.h.Write([]byte{0})
		return
	}
	d.h.Write([]byte{1})
	d.h.Write(n.Sum[:])
	d.bytes([]byte(n.File))
	d.agency(n.agency)
}

func (d *deps) agency(a *agencyNode) {
	d.h.Write(a.Sum[:])
	d.bytes([]byte(a.File))
}

// region adds every agency of a region and below, with its reports.
func (d *deps) region(n *regionNode) {
	for _, a := range n.all() {
		d.agency(a)
		for _, r := range a.reports {
			d.report(r)
		}
	}
}

// all adds the whole content.
func (d *deps) all(m *model) { d.sum(m.contentSum()) }

// contentSum identifies every content file; made once per model.
func (m *model) contentSum() render.Sum {
	m.sumOnce.Do(func() {
		d := newDeps()
		keys := make([]string, 0, len(m.site.Agencies))
		for k := range m.site.Agencies {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			a := m.site.Agencies[k]
			d.h.Write(a.Sum[:])
			d.bytes([]byte(a.File))
		}
		for _, r := range m.reports {
			d.h.Write(r.Sum[:])
			d.bytes([]byte(r.File))
		}
		m.sum = d.fingerprint()
	})
	return m.sum
}

// portalSum identifies what every page shows of the whole portal.
func portalSum(p *Portal) render.Sum {
	d := newDeps()
	d.bytes([]byte(p.Name))
	d.bytes([]byte(strconv.Itoa(p.Reports) + " " + strconv.Itoa(p.Agencies) + " " + strconv.FormatBool(p.Feed)))
	for _, y := range p.Years {
		d.bytes([]byte(strconv.Itoa(y)))
	}
	return d.fingerprint()
}

// Search of the portal, in the browser, without a server: the client of the
// static files that sitegen build exports from its Bleve index into
// search/ (see search/doc.go and search/export.go for their format).
//
// The core (SitegenSearch.create) folds and cuts a query exactly as the
// index did, fetches only the term shards, postings blocks and result
// fragments the query needs, and ranks with Bleve's BM25 to the last bit,
// so that its best results are Bleve's. It needs no DOM: the Go tests run
// it under goja. The page part below it wires the search page.
(function (root) {
  'use strict';

  // ---- Bytes ------------------------------------------------------------

  function Reader(bytes, pos) {
    this.b = bytes;
    this.p = pos || 0;
  }
  Reader.prototype.uv = function () {
    var x = 0, mul = 1, c;
    do {
      c = this.b[this.p++];
      x += (c & 127) * mul;
      mul *= 128;
    } while (c & 128);
    return x;
  };
  Reader.prototype.byte = function () {
    return this.b[this.p++];
  };
  Reader.prototype.f64 = function () {
    var dv = new DataView(this.b.buffer, this.b.byteOffset + this.p, 8);
    this.p += 8;
    return dv.getFloat64(0, true);
  };
  Reader.prototype.str = function (n) {
    var s = utf8Decode(this.b, this.p, this.p + n);
    this.p += n;
    return s;
  };

  function utf8Decode(b, start, end) {
    var out = '', i = start;
    while (i < end) {
      var c = b[i++], cp;
      if (c < 0x80) cp = c;
      else if (c < 0xE0) cp = ((c & 31) << 6) | (b[i++] & 63);
      else if (c < 0xF0) { cp = ((c & 15) << 12) | ((b[i] & 63) << 6) | (b[i + 1] & 63); i += 2; }
      else { cp = ((c & 7) << 18) | ((b[i] & 63) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63); i += 3; }
      out += String.fromCodePoint(cp);
    }
    return out;
  }

  function utf8Bytes(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var cp = s.codePointAt(i);
      if (cp > 0xFFFF) i++;
      if (cp < 0x80) out.push(cp);
      else if (cp < 0x800) out.push(0xC0 | (cp >> 6), 0x80 | (cp & 63));
      else if (cp < 0x10000) out.push(0xE0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      else out.push(0xF0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    }
    return out;
  }

  // fnv1a places a term in its shard: 32-bit FNV-1a of its UTF-8 bytes.
  function fnv1a(s) {
    var h = 2166136261, b = utf8Bytes(s);
    for (var i = 0; i < b.length; i++) {
      h ^= b[i];
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h >>> 0;
  }

  // ---- Analysis (search/analyze.go, search/fold.go) -----------------------

  function codePoints(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var cp = s.codePointAt(i);
      if (cp > 0xFFFF) i++;
      out.push(cp);
    }
    return out;
  }

  function widthFold(cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
    if (cp === 0x3000) return 32;
    return cp;
  }

  var SEP = 0, HAN = 1, WORD = 2;

  function classOf(r) {
    if ((r >= 97 && r <= 122) || (r >= 48 && r <= 57)) return WORD;
    if (r < 0x80) return SEP;
    if ((r >= 0x3400 && r <= 0x4DBF) || (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0xF900 && r <= 0xFAFF) ||
      (r >= 0x20000 && r <= 0x3FFFF) || r === 0x3007) return HAN;
    if ((r >= 0xC0 && r <= 0x24F && r !== 0xD7 && r !== 0xF7) || (r >= 0x370 && r <= 0x3FF) ||
      (r >= 0x400 && r <= 0x4FF) || (r >= 0x3041 && r <= 0x3096) || (r >= 0x30A1 && r <= 0x30FA) ||
      (r >= 0xAC00 && r <= 0xD7A3)) return WORD;
    return SEP;
  }

  var MAX_WINDOW = 10;

  // convert runs one step of the fold (OpenCC's algorithm): at each
  // position, the first dictionary with any key starting there gives its
  // longest such key's value.
  function convert(step, cps) {
    var out = [];
    for (var i = 0; i < cps.length;) {
      var n = 0, val = null;
      for (var d = 0; d < step.length && n === 0; d++) {
        var dict = step[d];
        for (var j = Math.min(cps.length, i + MAX_WINDOW, i + dict.maxLen); j > i; j--) {
          var key = String.fromCodePoint.apply(null, cps.slice(i, j));
          var v = dict.map.get(key);
          if (v !== undefined) { n = j - i; val = v; break; }
        }
      }
      if (n === 0) { out.push(cps[i]); i++; continue; }
      var vc = codePoints(val);
      for (var k = 0; k < vc.length; k++) out.push(vc[k]);
      i += n;
    }
    return out;
  }

  // foldQuery folds a query as search.Fold does, with the dictionaries
  // loaded for it.
  function foldQuery(steps, s) {
    var cps = codePoints(s).map(widthFold);
    for (var i = 0; i < steps.length; i++) cps = convert(steps[i], cps);
    return cps.map(function (c) { return c >= 65 && c <= 90 ? c + 32 : c; });
  }

  // queryTerms cuts folded text into the terms a query looks for
  // (search.QueryTerms).
  function queryTerms(cps, max) {
    var out = [], seen = new Set();
    function add(t) {
      if (!seen.has(t) && out.length < max) { seen.add(t); out.push(t); }
    }
    for (var i = 0; i < cps.length;) {
      var c = classOf(cps[i]), j = i + 1;
      while (j < cps.length && classOf(cps[j]) === c) j++;
      if (c !== SEP) {
        if (j - i === 1) add(String.fromCodePoint(cps[i]));
        for (var k = i; k + 1 < j; k++) add(String.fromCodePoint(cps[k], cps[k + 1]));
      }
      i = j;
    }
    return out;
  }

  // ---- BM25 as Bleve computes it (search/score.go) ------------------------

  // goLog is Go's math.Log on amd64 (math/log_amd64.s), operation by
  // operation, so that idf is the same double as Bleve's.
  var LN2HI = 6.93147180369123816490e-01, LN2LO = 1.90821492927058770002e-10,
    L1 = 6.666666666666735130e-01, L2 = 3.999999999940941908e-01, L3 = 2.857142874366239149e-01,
    L4 = 2.222219843214978396e-01, L5 = 1.818357216161805012e-01, L6 = 1.531383769920937332e-01,
    L7 = 1.479819860511658591e-01, HSQRT2 = 7.07106781186547524401e-01;
  var logView = new DataView(new ArrayBuffer(8));
  function goLog(x) {
    if (!(x > 0) || x === Infinity) return Math.log(x);
    logView.setFloat64(0, x);
    var hi = logView.getUint32(0);
    var k = ((hi >>> 20) & 0x7FF) - 0x3FE;
    logView.setUint32(0, (hi & 0x000FFFFF) | 0x3FE00000);
    var f1 = logView.getFloat64(0);
    if (f1 <= HSQRT2) { k -= 1; f1 *= 2; }
    var f = f1 - 1;
    var s = f / (2 + f);
    var s2 = s * s, s4 = s2 * s2;
    var t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
    var t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
    var R = t1 + t2;
    var hfsq = 0.5 * f * f;
    return k * LN2HI - ((hfsq - (s * (hfsq + R) + k * LN2LO)) - f);
  }

  function idfOf(avg, n, df) {
    if (avg > 0) return goLog(1 + (n - df + 0.5) / (df + 0.5));
    return 1.0 + goLog(n / (df + 1.0));
  }

  function docScore(k1, b, idf, avg, freq, len) {
    var tf = Math.sqrt(freq);
    var norm = Math.fround(1.0 / Math.sqrt(len));
    if (avg > 0) {
      var fieldLength = 1 / (norm * norm);
      return idf * (tf * k1) / (tf + k1 * (1 - b + (b * fieldLength / avg)));
    }
    return tf * norm * idf;
  }

  // Bounds carry this margin for the rounding between an impact (no query
  // norm) and a score.
  var MARGIN = 1 + 1e-9;

  // ---- Index files ----------------------------------------------------------

  // parseShard reads a term shard into a map of term → entry.
  function parseShard(bytes, nfields, textBit) {
    var r = new Reader(bytes), count = r.uv(), out = new Map();
    for (var e = 0; e < count; e++) {
      var term = r.str(r.uv());
      var fm = r.byte(), df = [];
      for (var f = 0; f < nfields; f++) df.push(fm & (1 << f) ? r.uv() : 0);
      var n = r.uv(), nb = r.uv();
      var entry = { term: term, fm: fm, df: df, n: n, nb: nb, blocks: [], refs: [] };
      entry.blocks.push(parseBlock(r, entry, nb === 1, nfields, textBit));
      for (var i = 1; i < nb; i++) entry.refs.push({ pack: r.uv(), off: r.uv(), len: r.uv() });
      out.set(term, entry);
    }
    return out;
  }

  function popcount(x) {
    var c = 0;
    for (; x; x &= x - 1) c++;
    return c;
  }

  function readStats(r, entry, multi, nfields) {
    var m = multi ? r.byte() : entry.fm, tf = [], len = [];
    for (var f = 0; f < nfields; f++) {
      if (m & (1 << f)) { tf.push(r.uv()); len.push(r.uv()); } else { tf.push(0); len.push(0); }
    }
    return { mask: m, tf: tf, len: len };
  }

  // parseBlock reads a block of postings, and the bound of the later ones
  // unless it is the last. A posting of the text field (bit textBit) says
  // where the term first occurs: the offset of that passage and its length
  // in words of 4 bytes.
  function parseBlock(r, entry, last, nfields, textBit) {
    var multi = popcount(entry.fm) > 1, count = r.uv(), doc = 0, ps = [];
    for (var i = 0; i < count; i++) {
      doc += r.uv();
      var st = readStats(r, entry, multi, nfields);
      st.doc = doc;
      if (st.mask & textBit) st.at = [r.uv(), r.uv()];
      ps.push(st);
    }
    var blk = { postings: ps, bound: null };
    if (!last) {
      var bdoc = r.uv(), bst = readStats(r, entry, multi, nfields);
      bst.doc = bdoc;
      blk.bound = { first: bst, below: r.f64() };
    }
    return blk;
  }

  // ---- The engine -----------------------------------------------------------

  // create returns a search engine over the files that load(path, range)
  // returns as a promise of a Uint8Array (path relative to the search
  // directory); with a range [start, end), of those bytes of the file, or
  // of null when the host does not serve ranges.
  function create(load) {
    var files = new Map(), manifest = null, steps = null, textBit = 0;
    var stats = { requests: 0, bytes: 0 };
    // Whether the host serves ranges: unknown (null) until the first range
    // request, the probe, is answered; the others wait for it.
    var ranges = null, probe = null;

    function loadRange(url, range) {
      if (ranges === false) return Promise.resolve(null);
      if (ranges === null && probe) return probe.then(function () { return loadRange(url, range); });
      var p = Promise.resolve(load(url, range));
      if (ranges === null) {
        probe = p.then(function (bytes) { ranges = !!bytes; }, function () { probe = null; });
      }
      return p;
    }

    function get(path, parse, range) {
      var key = range ? path + '#' + range[0] : path;
      var p = files.get(key);
      if (!p) {
        var url = manifest ? path + '?v=' + manifest.build : path;
        p = (range ? loadRange(url, range) : Promise.resolve(load(url))).then(function (bytes) {
          if (!bytes) return null;
          stats.requests++;
          stats.bytes += bytes.length;
          return parse(bytes);
        });
        p.catch(function () { files.delete(key); });
        files.set(key, p);
      }
      return p;
    }
    function json(bytes) { return JSON.parse(utf8Decode(bytes, 0, bytes.length)); }
    // passage reads a passage, [text, edits]: bytes to the first newline
    // (a passage's length is rounded up to 4 bytes).
    function passage(bytes) {
      var end = bytes.indexOf(10);
      return json(end < 0 ? bytes : bytes.subarray(0, end));
    }

    function init() {
      if (manifest) return Promise.resolve(manifest);
      return get('manifest.json', json).then(function (m) {
        manifest = m;
        // The bit of the field whose postings say where a term first occurs.
        var ti = m.fields.map(function (f) { return f.name; }).indexOf('text');
        textBit = ti < 0 ? 0 : 1 << ti;
        steps = [[], []];
        return m;
      });
    }

    // foldTables loads the fold dictionaries a query needs: the files of
    // its ideographs.
    function foldTables(q) {
      var need = new Set();
      codePoints(q).forEach(function (c) {
        c = widthFold(c);
        if (classOf(c) === HAN) need.add(c % manifest.foldShards);
      });
      return Promise.all(Array.from(need).map(function (s) {
        return get('z/' + s + '.json', function (bytes) {
          var data = json(bytes);
          data.forEach(function (step, si) {
            step.forEach(function (flat, di) {
              var d = steps[si][di];
              if (!d) d = steps[si][di] = { map: new Map(), maxLen: 0 };
              for (var i = 0; i < flat.length; i += 2) {
                d.map.set(flat[i], flat[i + 1]);
                d.maxLen = Math.max(d.maxLen, codePoints(flat[i]).length);
              }
            });
          });
          return true;
        });
      }));
    }

    // analyse returns the terms of a query.
    function analyse(q) {
      return init().then(function () { return foldTables(q); }).then(function () {
        var st = steps.map(function (s) { return s.filter(Boolean); });
        return queryTerms(foldQuery(st, q), manifest.maxTerms);
      });
    }

    function entryOf(term) {
      var s = fnv1a(term) % manifest.termShards;
      return get('t/' + s + '.bin', function (bytes) {
        return parseShard(bytes, manifest.fields.length, textBit);
      }).then(function (shard) { return shard.get(term) || null; });
    }

    function fetchBlock(entry, i) {
      var ref = entry.refs[i - 1];
      return get('p/' + ref.pack + '.bin', function (bytes) { return bytes; }).then(function (bytes) {
        var r = new Reader(bytes.subarray(ref.off, ref.off + ref.len));
        return parseBlock(r, entry, i === entry.nb - 1, manifest.fields.length, textBit);
      });
    }

    // plan is Bleve's searcher tree for the terms: its sort orders, query
    // norm and the weight of every field of every term.
    function plan(entries) {
      var m = manifest, nf = m.fields.length;
      var terms = entries.map(function (e, ti) {
        var df = e ? e.df : m.fields.map(function () { return 0; });
        var idf = df.map(function (d, f) { return idfOf(m.fields[f].avg, m.docs, d); });
        var order = m.fields.map(function (_, f) { return f; });
        stableSort(order, function (a, b) { return df[a] - df[b]; });
        var weight = 0, count = 0;
        order.forEach(function (f) {
          var w = m.fields[f].boost * idf[f];
          weight += w * w;
          count += df[f];
        });
        return { index: ti, entry: e, df: df, idf: idf, order: order, weight: weight, count: count, nf: nf };
      });
      var conj = terms.slice();
      stableSort(conj, function (a, b) { return a.count - b.count; });
      var sum = 0.0;
      conj.forEach(function (t) { sum += t.weight; });
      var qnorm = 1.0 / Math.sqrt(sum);
      terms.forEach(function (t) {
        t.qw = t.idf.map(function (idf, f) { return m.fields[f].boost * idf * qnorm; });
      });
      return { terms: terms, conj: conj, qnorm: qnorm };
    }

    // termScore is a term's score in a document with the given statistics:
    // Bleve's disjunction over the fields.
    function termScore(t, st) {
      var m = manifest, sum = 0.0, matched = 0;
      for (var i = 0; i < t.order.length; i++) {
        var f = t.order[i];
        if (!(st.mask & (1 << f))) continue;
        var s = docScore(m.k1, m.b, t.idf[f], m.fields[f].avg, st.tf[f], st.len[f]);
        if (t.qw[f] !== 1.0) s = s * t.qw[f];
        sum += s;
        matched++;
      }
      return sum * (matched / t.nf);
    }

    // topK finds the k best documents (by score, then document number)
    // holding every term, fetching blocks until it can prove them.
    function topK(p, k, filter) {
      var n = p.terms.length;
      var lists = p.terms.map(function (t) {
        return { t: t, fetched: 0, seen: new Map(), at: new Map(), bound: null, exhausted: false };
      });
      function take(l, blk) {
        l.fetched++;
        blk.postings.forEach(function (st) {
          if (filter && !filter(st.doc)) return;
          l.seen.set(st.doc, termScore(l.t, st));
          if (st.at !== undefined) l.at.set(st.doc, st.at);
        });
        l.exhausted = l.fetched === l.t.entry.nb;
        if (blk.bound) {
          l.bound = {
            doc: blk.bound.first.doc,
            cls: termScore(l.t, blk.bound.first),
            below: blk.bound.below * p.qnorm * MARGIN,
          };
        } else l.bound = null;
      }
      lists.forEach(function (l) { take(l, l.t.entry.blocks[0]); });

      function step() {
        // Documents seen anywhere, complete or not.
        var docs = new Map();
        lists.forEach(function (l, i) {
          l.seen.forEach(function (_, d) {
            if (!docs.has(d)) docs.set(d, true);
          });
        });
        var complete = [], open = [];
        docs.forEach(function (_, d) {
          var known = 0, absent = false;
          for (var i = 0; i < n; i++) {
            if (lists[i].seen.has(d)) known++;
            else if (lists[i].exhausted) { absent = true; break; }
          }
          if (absent) return;
          if (known === n) complete.push({ doc: d, score: exactScore(d) });
          else open.push(d);
        });
        complete.sort(byRank);
        var K = complete.length >= k ? complete[k - 1] : null;
        var blocked = false;
        if (!K) blocked = open.length > 0 || !lists.some(function (l) { return l.exhausted; });
        else {
          for (var o = 0; o < open.length && !blocked; o++) if (!prunable(open[o], K)) blocked = true;
          if (!blocked && !lists.some(function (l) { return l.exhausted; }) && !prunable(-1, K)) blocked = true;
        }
        if (!blocked) return Promise.resolve({ complete: complete, open: open });
        // Fetch the next block of the list whose bound is highest.
        var best = -1, bestUB = -1;
        lists.forEach(function (l, i) {
          if (l.exhausted) return;
          var ub = Math.max(l.bound.cls, l.bound.below);
          if (ub > bestUB) { bestUB = ub; best = i; }
        });
        var l = lists[best];
        return fetchBlock(l.t.entry, l.fetched).then(function (blk) {
          take(l, blk);
          return step();
        });
      }

      function exactScore(d) {
        var sum = 0.0;
        for (var i = 0; i < n; i++) sum += lists[p.conj[i].index].seen.get(d);
        return sum;
      }

      // prunable says whether a document (−1: any document seen in no
      // list) cannot rank before K.
      function prunable(d, K) {
        var known = [], unknown = [];
        for (var c = 0; c < n; c++) {
          var l = lists[p.conj[c].index];
          if (d >= 0 && l.seen.has(d)) known.push(l.seen.get(d));
          else {
            if (l.exhausted) return true;
            known.push(null);
            unknown.push(c);
          }
        }
        // Some unknown list below its class bound.
        for (var j = 0; j < unknown.length; j++) {
          var sum = 0.0;
          for (var c2 = 0; c2 < n; c2++) {
            var l2 = lists[p.conj[c2].index];
            if (known[c2] !== null) sum += known[c2];
            else if (c2 === unknown[j]) sum += l2.bound.below;
            else sum += Math.max(classOK(l2, d) ? l2.bound.cls : 0, l2.bound.below);
          }
          if (sum * MARGIN >= K.score) return false;
        }
        // Or every unknown list in its class: an exact score, and a
        // document number no lower than each class's next.
        var exact = 0.0, minDoc = d;
        for (var c3 = 0; c3 < n; c3++) {
          var l3 = lists[p.conj[c3].index];
          if (known[c3] !== null) { exact += known[c3]; continue; }
          if (!classOK(l3, d)) return true;
          exact += l3.bound.cls;
          minDoc = Math.max(minDoc, l3.bound.doc);
        }
        if (exact < K.score) return true;
        if (exact > K.score) return false;
        return minDoc > K.doc;
      }

      function classOK(l, d) { return d < 0 || d >= l.bound.doc; }

      return step().then(function (r) {
        // The count is exact when some list is exhausted and every document
        // in it is settled.
        var exact = r.open.length === 0 && lists.some(function (l) { return l.exhausted; });
        r.complete.forEach(function (h) {
          h.at = passageOf(lists.map(function (l) { return l.at.get(h.doc); }));
        });
        return { hits: r.complete.slice(0, k), matches: r.complete, exact: exact,
          blocks: lists.map(function (l) { return l.fetched + '/' + l.t.entry.nb; }),
          estimate: Math.min.apply(null, lists.map(function (l) { return l.t.entry.n; })) };
      });
    }

    // search runs a query: {q, limit, filter(doc)} → {terms, hits, total,
    // exact, bytes}. Hits carry their document number and score; show()
    // adds what a result shows.
    function search(q, opts) {
      opts = opts || {};
      var limit = opts.limit || 10;
      return analyse(q).then(function (terms) {
        if (!terms.length) return { terms: terms, hits: [], total: 0, exact: true };
        return Promise.all(terms.map(entryOf)).then(function (all) {
          // The terms looked for (search.SelectTerms): those of short
          // lists, or else the rarest.
          var entries = [], picked = [], rarest = -1;
          var n = all.map(function (e) { return e ? e.n : 0; });
          all.forEach(function (e, i) {
            if (n[i] <= manifest.longList) { entries.push(e); picked.push(terms[i]); }
            if (rarest < 0 || n[i] < n[rarest]) rarest = i;
          });
          if (!entries.length) { entries.push(all[rarest]); picked.push(terms[rarest]); }
          terms = picked;
          if (entries.some(function (e) { return !e || e.n === 0; })) {
            return { terms: terms, hits: [], total: 0, exact: true };
          }
          var p = plan(entries);
          return topK(p, limit, opts.filter).then(function (r) {
            var res = { terms: terms, hits: r.hits, matches: r.exact ? r.matches : null, blocks: r.blocks,
              total: r.exact ? r.matches.length : r.estimate, exact: r.exact };
            if (!r.exact && entries.length === 1 && !opts.filter) {
              // One term: its documents are the results.
              res.total = entries[0].n;
              res.exact = true;
            }
            return res;
          });
        });
      });
    }

    // show fetches the fragments of hits and fills in what each shows:
    // its title, link, heading, and the passage where the query's terms
    // occur in its text (its first passage when they occur elsewhere).
    function show(res) {
      return Promise.all(res.hits.map(function (h) {
        var f = Math.floor(h.doc / manifest.fragDocs);
        return get('f/' + f + '.json', json).then(function (frag) {
          var d = frag.docs[h.doc - f * manifest.fragDocs], rep = frag.reports[d[0]];
          h.path = rep[1] + d[1];
          h.title = marked(rep[0], rep[3], res.terms);
          h.region = rep[2];
          h.heading = typeof d[2] === 'number' ? manifest.headings[d[2]] : d[2];
          var at = h.at || [0, d[4]], off = d[3] + at[0];
          return get('x/' + Math.floor(h.doc / manifest.textDocs) + '.bin', passage, [off, off + 4 * at[1]])
            .catch(function () { return null; });
        }).then(function (p) {
          h.excerpt = p ? marked(p[0], p[1], res.terms) : [];
          return h;
        });
      })).then(function () { return res; });
    }

    // facets loads facets.json and returns a function from a document
    // number to its facet value indexes.
    function facets() {
      return init().then(function () {
        return get('facets.json', json);
      }).then(function (f) {
        var runs = f.runs, width = manifest.facets.length + 1;
        return function (doc) {
          var lo = 0, hi = runs.length / width - 1;
          while (lo < hi) {
            var mid = (lo + hi + 1) >> 1;
            if (runs[mid * width] <= doc) lo = mid; else hi = mid - 1;
          }
          return runs.slice(lo * width + 1, lo * width + width);
        };
      });
    }

    return {
      init: init, analyse: analyse, search: search, show: show, facets: facets,
      stats: stats, manifest: function () { return manifest; },
    };
  }

  // passageOf picks the passage a result quotes, from where each term
  // first occurs in its text ([offset, length]; undefined: not in it): the
  // one where most terms do, the first of equals; undefined when none.
  function passageOf(ats) {
    var best, count = 0;
    ats.forEach(function (a) {
      if (a === undefined) return;
      var c = ats.filter(function (b) { return b !== undefined && b[0] === a[0]; }).length;
      if (c > count || c === count && a[0] < best[0]) { best = a; count = c; }
    });
    return best;
  }

  function byRank(a, b) {
    if (a.score !== b.score) return a.score > b.score ? -1 : 1;
    return a.doc - b.doc;
  }

  // stableSort is an insertion sort, as Go's sort.Sort is for the few
  // children of a query.
  function stableSort(a, cmp) {
    for (var i = 1; i < a.length; i++) {
      for (var j = i; j > 0 && cmp(a[j], a[j - 1]) < 0; j--) {
        var t = a[j]; a[j] = a[j - 1]; a[j - 1] = t;
      }
    }
    return a;
  }

  // marked splits text into [text, marked] pieces where the query's terms
  // occur, finding them in the folded text (edits: how the fold changes it).
  function marked(text, edits, terms) {
    var folded = '', from = [], to = [], at = 0;
    if (typeof edits === 'string') {
      // The folded text itself, unit for unit.
      folded = edits;
      for (var u = 0; u < text.length; u++) { from.push(u); to.push(u + 1); }
      edits = [];
      at = text.length;
    }
    (edits || []).concat([[text.length, 0, '']]).forEach(function (e) {
      for (; at < e[0]; at++) { folded += text[at]; from.push(at); to.push(at + 1); }
      for (var i = 0; i < e[2].length; i++) { folded += e[2][i]; from.push(e[0]); to.push(e[0] + e[1]); }
      at = e[0] + e[1];
    });
    var marks = new Array(text.length).fill(false);
    terms.forEach(function (t) {
      for (var i = folded.indexOf(t); i >= 0; i = folded.indexOf(t, i + 1)) {
        for (var k = from[i]; k < to[i + t.length - 1]; k++) marks[k] = true;
      }
    });
    var out = [];
    for (var i = 0; i < text.length;) {
      var j = i;
      while (j < text.length && marks[j] === marks[i]) j++;
      out.push([text.slice(i, j), marks[i]]);
      i = j;
    }
    return out;
  }

  var api = { create: create, queryTerms: queryTerms, foldQuery: foldQuery, fnv1a: fnv1a, goLog: goLog, marked: marked };
  root.SitegenSearch = api;

  if (root.document) {
    if (root.document.readyState === 'loading') root.document.addEventListener('DOMContentLoaded', function () { page(root); });
    else page(root);
  }

  // ---- The page ---------------------------------------------------------------

  function page(win) {
    var doc = win.document;
    var form = doc.getElementById('search-form');
    if (!form) return;
    var input = doc.getElementById('search-q');
    var status = doc.getElementById('search-status');
    var list = doc.getElementById('search-results');
    var more = doc.getElementById('search-more');
    var selects = Array.prototype.slice.call(form.querySelectorAll('select[data-facet]'));
    var base = form.getAttribute('data-index');
    var engine = create(function (path, range) {
      var init = range ? { headers: { Range: 'bytes=' + range[0] + '-' + (range[1] - 1) } } : {};
      var ctl = range && win.AbortController ? new win.AbortController() : null;
      if (ctl) init.signal = ctl.signal;
      return win.fetch(base + path, init).then(function (r) {
        if (range && r.status !== 206) {
          // The host sends the whole file, not the range: stop reading it,
          // and show results without passages.
          if (ctl) ctl.abort();
          return null;
        }
        if (!r.ok) throw new Error(path + ': ' + r.status);
        return r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      });
    });
    var shown = 10, seq = 0, facetOf = null;
    form.hidden = false;

    function say(s) { status.textContent = s; }

    engine.init().then(function (m) {
      m.facets.forEach(function (f, fi) {
        var sel = selects.filter(function (s) { return s.getAttribute('data-facet') === f.name; })[0];
        if (!sel) return;
        f.values.forEach(function (v, vi) {
          var o = doc.createElement('option');
          o.value = String(vi);
          o.textContent = (v || '未注明') + '（' + f.counts[vi] + '）';
          o.setAttribute('data-value', v);
          sel.appendChild(o);
        });
        sel.setAttribute('data-index', String(fi));
      });
      fromURL();
    }).catch(function () { say('无法载入搜索索引。请改用机关、地区或年度页面浏览报告。'); });

    function fromURL() {
      var params = new URLSearchParams(win.location.search);
      input.value = params.get('q') || '';
      selects.forEach(function (s) {
        var want = params.get(s.getAttribute('data-facet'));
        Array.prototype.forEach.call(s.options, function (o, i) {
          if (o.getAttribute('data-value') === want) s.selectedIndex = i;
        });
      });
      if (input.value.trim()) run();
    }

    function toURL() {
      var params = new URLSearchParams();
      if (input.value.trim()) params.set('q', input.value.trim());
      selects.forEach(function (s) {
        var o = s.options[s.selectedIndex];
        if (o && o.getAttribute('data-value') !== null) params.set(s.getAttribute('data-facet'), o.getAttribute('data-value'));
      });
      var qs = params.toString();
      win.history.replaceState(null, '', qs ? '?' + qs : win.location.pathname);
    }

    function filters() {
      var fs = selects.filter(function (s) { return s.value !== ''; }).map(function (s) {
        return { fi: +s.getAttribute('data-index'), vi: +s.value };
      });
      if (!fs.length) return Promise.resolve(null);
      return (facetOf ? Promise.resolve(facetOf) : engine.facets().then(function (f) { facetOf = f; return f; })).then(function (of) {
        return function (d) {
          var v = of(d);
          return fs.every(function (f) { return v[f.fi] === f.vi; });
        };
      });
    }

    function run() {
      var q = input.value.trim(), my = ++seq;
      toURL();
      if (!q) { list.textContent = ''; more.hidden = true; say(''); return; }
      say('正在搜索…');
      filters().then(function (filter) {
        return engine.search(q, { limit: shown, filter: filter });
      }).then(function (res) {
        return engine.show(res);
      }).then(function (res) {
        if (my !== seq) return;
        render(res, q);
      }).catch(function () {
        if (my === seq) say('搜索出错。请稍后再试，或改用机关、地区或年度页面浏览报告。');
      });
    }

    function render(res, q) {
      list.textContent = '';
      res.hits.forEach(function (h, i) {
        var li = doc.createElement('li');
        var a = doc.createElement('a');
        a.href = form.getAttribute('data-site') + h.path;
        a.className = 'result-link';
        pieces(a, h.title);
        if (h.heading) a.appendChild(doc.createTextNode(' · ' + h.heading));
        li.appendChild(a);
        if (h.excerpt.length) {
          var p = doc.createElement('p');
          p.className = 'result-excerpt';
          pieces(p, h.excerpt);
          li.appendChild(p);
        }
        if (h.region) {
          var r = doc.createElement('p');
          r.className = 'result-meta';
          r.textContent = h.region;
          li.appendChild(r);
        }
        list.appendChild(li);
      });
      var n = res.total;
      if (!res.hits.length) say('没有找到与“' + q + '”相符的结果。');
      else say((res.exact ? '找到 ' + n + ' 条结果' : '找到约 ' + n + ' 条结果') + '，显示前 ' + res.hits.length + ' 条。');
      more.hidden = res.hits.length < shown || (res.exact && res.total <= shown);
    }

    function pieces(el, ps) {
      ps.forEach(function (p) {
        if (p[1]) {
          var m = doc.createElement('mark');
          m.textContent = p[0];
          el.appendChild(m);
        } else el.appendChild(doc.createTextNode(p[0]));
      });
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      shown = 10;
      run();
    });
    selects.forEach(function (s) {
      s.addEventListener('change', function () { shown = 10; run(); });
    });
    more.addEventListener('click', function () {
      shown += 10;
      run();
    });
    // Arrow keys move between the box and the results.
    form.parentNode.addEventListener('keydown', function (ev) {
      if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
      var links = Array.prototype.slice.call(list.querySelectorAll('a.result-link'));
      if (!links.length) return;
      var i = links.indexOf(doc.activeElement);
      if (ev.target === input && ev.key === 'ArrowDown') i = 0;
      else if (i < 0) return;
      else i += ev.key === 'ArrowDown' ? 1 : -1;
      ev.preventDefault();
      if (i < 0) input.focus();
      else if (i < links.length) links[i].focus();
    });
  }
})(typeof window !== 'undefined' ? window : this);

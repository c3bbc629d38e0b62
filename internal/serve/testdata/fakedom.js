// A fake browser for reload_test.go: just the DOM, location, timers and
// EventSource that reload.js uses. Setting a style attribute throws: the
// page's CSP forbids inline style.
'use strict';

class Node {
  constructor(tag) {
    this.tagName = tag ? tag.toUpperCase() : '#text';
    this.attrs = {};
    this.children = [];
    this.parentNode = null;
    this.listeners = {};
    this.className = '';
    this.ownText = '';
  }
  get textContent() { return this.ownText + this.children.map((c) => c.textContent).join(''); }
  set textContent(v) { this.children = []; this.ownText = String(v); }
  get id() { return this.attrs.id || ''; }
  set id(v) { this.attrs.id = String(v); }
  get href() { return this.attrs.href === undefined ? '' : 'http://localhost:1313' + this.attrs.href; }
  get style() { throw new Error('style used: forbidden by the CSP'); }
  setAttribute(k, v) {
    if (k === 'style') throw new Error('style attribute set: forbidden by the CSP');
    if (k === 'class') { this.className = String(v); return; }
    this.attrs[k] = String(v);
  }
  getAttribute(k) {
    if (k === 'class') return this.className;
    return Object.prototype.hasOwnProperty.call(this.attrs, k) ? this.attrs[k] : null;
  }
  appendChild(c) { return this.insertBefore(c, null); }
  insertBefore(c, ref) {
    if (c.parentNode) c.remove();
    const i = ref ? this.children.indexOf(ref) : -1;
    if (i < 0) this.children.push(c); else this.children.splice(i, 0, c);
    c.parentNode = this;
    return c;
  }
  remove() {
    if (!this.parentNode) return;
    const p = this.parentNode;
    p.children.splice(p.children.indexOf(this), 1);
    this.parentNode = null;
  }
  replaceWith(n) { this.parentNode.insertBefore(n, this); this.remove(); }
  get nextSibling() {
    if (!this.parentNode) return null;
    const s = this.parentNode.children;
    return s[s.indexOf(this) + 1] || null;
  }
  contains(n) {
    for (; n; n = n.parentNode) if (n === this) return true;
    return false;
  }
  get isConnected() { return document.documentElement.contains(this); }
  cloneNode() {
    const c = new Node(this.tagName);
    c.attrs = Object.assign({}, this.attrs);
    c.className = this.className;
    return c;
  }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  dispatch(type, ev) { for (const fn of this.listeners[type] || []) fn(ev || {}); }
  focus() { document.activeElement = this; }
  all() { return [this].concat(...this.children.map((c) => c.all())); }
}

const document = {
  documentElement: new Node('html'),
  createElement: (tag) => new Node(tag),
  createTextNode: (text) => { const n = new Node(); n.ownText = String(text); return n; },
  querySelectorAll(sel) {
    if (sel !== 'link[rel~="stylesheet"]') throw new Error('unsupported selector ' + sel);
    return document.documentElement.all().filter((n) => n.tagName === 'LINK' &&
      (n.getAttribute('rel') || '').split(/\s+/).includes('stylesheet'));
  },
  find(pred) { return document.documentElement.all().filter(pred); },
};
document.head = document.documentElement.appendChild(new Node('head'));
document.body = document.documentElement.appendChild(new Node('body'));
document.activeElement = document.body;

const timers = [];
const sources = [];
class EventSource {
  constructor(url) { this.url = url; this.listeners = {}; this.closed = false; sources.push(this); }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  close() { this.closed = true; }
  emit(type, ev) { for (const fn of this.listeners[type] || []) fn(ev || {}); }
  send(msg) { this.emit('message', { data: JSON.stringify(msg) }); }
}

const window = {
  document,
  EventSource,
  location: { pathname: '/', reloads: 0, reload() { this.reloads++; } },
  setTimeout(fn, delay) { timers.push({ fn, delay }); return timers.length; },
  __sitegenTest: {},
};

function link(href, rel) {
  const l = document.createElement('link');
  l.setAttribute('rel', rel || 'stylesheet');
  l.setAttribute('href', href);
  return document.head.appendChild(l);
}

// sitegen serve: live reload. The preview server adds this script to every
// page; it listens to /__sitegen/events (see package serve), whose messages
// are JSON objects with a kind:
//   reload  reloads the page when it is among the changed paths (or all);
//   css     swaps changed stylesheets in place;
//   error   shows the build's diagnostics over the page until the next
//           reload, css or ok;
//   hello   names the server: reconnecting to another one (restarted)
//           reloads the page.
// It reconnects with backoff when the server goes away. No inline script
// or style: the page's Content-Security-Policy stays as it is.
(function (win) {
  'use strict';

  const EVENTS = '/__sitegen/events';
  const STYLES = '/__sitegen/reload.css';
  const MIN_DELAY = 500;
  const MAX_DELAY = 10000;

  // normPath maps a URL or path to the path a page is known by: no origin,
  // query or fragment; /x/index.html is /x/; percent-encoding normalised.
  function normPath(u) {
    let p = String(u).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
    if (p.charAt(0) !== '/') p = '/' + p;
    try {
      p = encodeURI(decodeURI(p));
    } catch (e) {
      // malformed escapes: compare as given
    }
    return p.endsWith('/index.html') ? p.slice(0, -'index.html'.length) : p;
  }

  function parse(ev) {
    try {
      return JSON.parse(ev.data) || {};
    } catch (e) {
      return {};
    }
  }

  function where(d) {
    if (!d.file) return '';
    if (!d.line) return d.file;
    return d.file + ':' + d.line + (d.col ? ':' + d.col : '');
  }

  function createClient() {
    const doc = win.document;
    const state = { server: null, source: null, delay: MIN_DELAY, overlay: null, returnFocus: null, styled: false };

    function el(tag, className, text) {
      const e = doc.createElement(tag);
      if (className) e.className = className;
      if (text) e.textContent = text;
      return e;
    }

    function ensureStyles() {
      if (state.styled) return;
      state.styled = true;
      const link = el('link');
      link.setAttribute('rel', 'stylesheet');
      link.setAttribute('href', STYLES);
      doc.head.appendChild(link);
    }

    function hideOverlay() {
      const o = state.overlay;
      if (!o) return;
      state.overlay = null;
      const hadFocus = o.contains(doc.activeElement);
      o.remove();
      const back = state.returnFocus;
      state.returnFocus = null;
      if (hadFocus && back && back.isConnected && typeof back.focus === 'function') back.focus();
    }

    function showOverlay(diags) {
      ensureStyles();
      const previous = state.overlay;
      const box = el('div', 'sitegen-overlay');
      box.setAttribute('role', 'alert');
      box.setAttribute('lang', 'zh-CN');
      box.setAttribute('aria-labelledby', 'sitegen-overlay-title');
      const panel = el('div', 'sitegen-overlay-panel');
      const title = el('h2', 'sitegen-overlay-title', '构建失败');
      title.id = 'sitegen-overlay-title';
      title.setAttribute('tabindex', '-1');
      panel.appendChild(title);
      panel.appendChild(el('p', 'sitegen-overlay-note',
        '共 ' + diags.length + ' 个问题。页面显示的是上一次成功构建的结果；修正后保存，页面会自动更新。'));
      const list = el('ul', 'sitegen-overlay-list');
      for (const d of diags) {
        const warning = d.severity === 'warning';
        const item = el('li', 'sitegen-diag ' + (warning ? 'sitegen-warning' : 'sitegen-error'));
        const at = where(d);
        if (at) {
          item.appendChild(el('code', 'sitegen-diag-where', at));
          item.appendChild(doc.createTextNode(' '));
        }
        item.appendChild(el('span', 'sitegen-diag-rule', (warning ? '警告' : '错误') + (d.rule ? ' ' + d.rule : '')));
        item.appendChild(doc.createTextNode(' ' + (d.message || '')));
        list.appendChild(item);
      }
      panel.appendChild(list);
      const close = el('button', 'sitegen-overlay-close', '关闭');
      close.type = 'button';
      close.addEventListener('click', hideOverlay);
      panel.appendChild(close);
      box.appendChild(panel);
      box.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') hideOverlay();
      });
      if (previous) {
        previous.replaceWith(box);
      } else {
        state.returnFocus = doc.activeElement;
        doc.body.appendChild(box);
      }
      state.overlay = box;
      title.focus();
    }

    function swapCSS(css) {
      const byPath = new Map();
      for (const from of Object.keys(css)) byPath.set(normPath(from), css[from]);
      for (const link of Array.from(doc.querySelectorAll('link[rel~="stylesheet"]'))) {
        const attr = link.getAttribute('href');
        if (!attr) continue;
        let to = Object.prototype.hasOwnProperty.call(css, attr) ? css[attr] : byPath.get(normPath(link.href || attr));
        if (to === undefined) continue;
        const fresh = link.cloneNode(false);
        fresh.setAttribute('href', to);
        // The old sheet stays until the new one applies: no flash.
        const drop = () => link.remove();
        fresh.addEventListener('load', drop);
        fresh.addEventListener('error', drop);
        link.parentNode.insertBefore(fresh, link.nextSibling);
      }
    }

    const handlers = {
      hello(data) {
        if (state.server !== null && data.server !== state.server) {
          win.location.reload();
          return;
        }
        state.server = data.server;
      },
      reload(data) {
        hideOverlay();
        const here = normPath(win.location.pathname);
        if (data.all || (data.paths || []).some((p) => normPath(p) === here)) win.location.reload();
      },
      css(data) {
        hideOverlay();
        swapCSS(data.css || {});
      },
      error(data) {
        showOverlay(data.diagnostics || []);
      },
      ok() {
        hideOverlay();
      },
    };

    function connect() {
      const source = new win.EventSource(EVENTS);
      state.source = source;
      source.addEventListener('open', () => {
        state.delay = MIN_DELAY;
      });
      source.addEventListener('message', (ev) => {
        const data = parse(ev);
        if (Object.prototype.hasOwnProperty.call(handlers, data.kind)) handlers[data.kind](data);
      });
      // Reconnect ourselves, with backoff: the browser's own retry gives up
      // on some failures, and hammers a server that is down.
      source.addEventListener('error', () => {
        source.close();
        if (state.source !== source) return;
        state.source = null;
        const delay = state.delay;
        state.delay = Math.min(delay * 2, MAX_DELAY);
        win.setTimeout(connect, delay);
      });
    }

    return { handlers, connect, state };
  }

  if (win.__sitegenTest) {
    win.__sitegenTest.normPath = normPath;
    win.__sitegenTest.createClient = createClient;
  } else if (win.EventSource) {
    createClient().connect();
  }
})(window);

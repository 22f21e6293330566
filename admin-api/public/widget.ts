/**
 * The embeddable widget: a comune's site adds
 * `<script src="https://…/public/esempio/notices.js" data-category="eventi" data-limit="5" async></script>`
 * and the latest notices appear where the script stands. It fetches `notices.json` without credentials
 * and sets no cookie or storage; it builds the list with `textContent` only (no HTML from the server is
 * ever parsed), inherits the host page's font and colours, and uses a labelled region and a real list.
 *
 * `data-comune` may name another comune of the same deployment; `data-limit` is 1–20 (default 5).
 *
 * @example
 * reply.type('text/javascript; charset=utf-8').send(widgetScript('https://campanile.example.it/public'));
 */
export function widgetScript(publicRoot: string): string {
  return `/* Campanile: latest notices widget. No cookies, no storage. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var root = ${JSON.stringify(publicRoot)};
  var comune = script.getAttribute('data-comune') || ${JSON.stringify('')};
  var fromPath = /\\/public\\/([^/]+)\\/notices\\.js/.exec(script.src);
  if (!comune && fromPath) comune = decodeURIComponent(fromPath[1]);
  var limit = Math.min(20, Math.max(1, parseInt(script.getAttribute('data-limit') || '5', 10) || 5));
  var query = '?limit=' + limit;
  var category = script.getAttribute('data-category');
  if (category) query += '&category=' + encodeURIComponent(category);
  var lang = script.getAttribute('data-lang');
  if (lang) query += '&lang=' + encodeURIComponent(lang);
  var box = document.createElement('section');
  box.className = 'campanile-notices';
  script.parentNode.insertBefore(box, script.nextSibling);
  fetch(root + '/' + encodeURIComponent(comune) + '/notices.json' + query, { credentials: 'omit', mode: 'cors' })
    .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
    .then(function (data) {
      var id = 'campanile-notices-' + Math.random().toString(36).slice(2);
      var heading = document.createElement('h2');
      heading.id = id;
      heading.textContent = data.texts.heading;
      box.setAttribute('aria-labelledby', id);
      box.appendChild(heading);
      if (data.notices.length === 0) {
        var empty = document.createElement('p');
        empty.textContent = data.texts.empty;
        box.appendChild(empty);
      } else {
        var list = document.createElement('ul');
        data.notices.forEach(function (notice) {
          var item = document.createElement('li');
          var link = document.createElement('a');
          link.href = notice.url;
          link.textContent = notice.title;
          var when = document.createElement('time');
          when.dateTime = notice.sentAt;
          when.textContent = ' ' + new Date(notice.sentAt).toLocaleDateString(data.locale, { day: 'numeric', month: 'short', year: 'numeric' });
          item.appendChild(link);
          item.appendChild(document.createTextNode(' · '));
          item.appendChild(when);
          list.appendChild(item);
        });
        box.appendChild(list);
      }
      var all = document.createElement('a');
      all.href = data.archiveUrl;
      all.textContent = data.texts.all;
      box.appendChild(all);
    })
    .catch(function () { box.remove(); });
})();
`;
}

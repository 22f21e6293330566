// Campanile web chat launcher: paste
//   <script src="https://<campanile host>/webchat.js" data-tenant="<slug>" defer></script>
// into the comune's site. It adds a floating button that opens the chat in a panel (an iframe of
// /chat/<slug>?embed=1), so the site's own styles and scripts never touch the chat. Optional:
// data-lang="it|en|de" (default: the page's lang).
(() => {
  const script = document.currentScript;
  if (!script) return;
  const tenant = script.dataset.tenant;
  if (!tenant) {
    console.error('Campanile web chat: add data-tenant="<comune slug>" to the <script> tag.');
    return;
  }
  const origin = new URL(script.src, location.href).origin;
  const lang = (script.dataset.lang || document.documentElement.lang || 'it').slice(0, 2).toLowerCase();
  fetch(`${origin}/chat/assets/texts.json`)
    .then((response) => response.json())
    .catch(() => ({}))
    .then((all) => build(all[lang] || all.it || {}));

  function build(texts) {
    const openLabel = texts['launcher.open'] || 'Chat';
    const closeLabel = texts['launcher.close'] || 'Close';
    const panelId = `campanile-webchat-${tenant}`;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = openLabel;
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', panelId);
    Object.assign(button.style, {
      position: 'fixed', right: '1rem', bottom: '1rem', zIndex: '2147483000', background: '#0b5394', color: '#fff',
      border: '2px solid #fff', borderRadius: '999px', padding: '.75rem 1.25rem', font: '600 1rem/1.2 system-ui, sans-serif',
      cursor: 'pointer', boxShadow: '0 2px 8px rgba(0,0,0,.35)', minHeight: '44px',
    });
    // Visible focus without a stylesheet (the host page's CSP may forbid inline <style>).
    button.addEventListener('focus', () => { button.style.outline = '3px solid #c24e00'; button.style.outlineOffset = '2px'; });
    button.addEventListener('blur', () => { button.style.outline = ''; });

    const panel = document.createElement('div');
    panel.id = panelId;
    panel.hidden = true;
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', texts.title || 'Chat');
    Object.assign(panel.style, {
      position: 'fixed', right: '1rem', bottom: '5rem', zIndex: '2147483000', width: 'min(26rem, calc(100vw - 2rem))',
      height: 'min(38rem, calc(100vh - 7rem))', background: '#fff', borderRadius: '.75rem', overflow: 'hidden',
      boxShadow: '0 4px 24px rgba(0,0,0,.35)', border: '1px solid #767676',
    });
    let frame;

    const open = () => {
      if (!frame) {
        // Created on first open: the chat connects only when someone wants it.
        frame = document.createElement('iframe');
        frame.src = `${origin}/chat/${encodeURIComponent(tenant)}?embed=1&lang=${encodeURIComponent(lang)}`;
        frame.title = texts.title || 'Chat';
        frame.allow = 'geolocation';
        Object.assign(frame.style, { width: '100%', height: '100%', border: '0' });
        panel.append(frame);
      }
      panel.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      button.textContent = closeLabel;
      frame.focus();
    };
    const close = () => {
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.textContent = openLabel;
      button.focus();
    };
    button.addEventListener('click', () => (panel.hidden ? open() : close()));
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !panel.hidden) close();
    });
    window.addEventListener('message', (event) => {
      if (event.origin === origin && event.data && event.data.campanile === 'close') close();
    });
    document.body.append(panel, button);
  }
})();

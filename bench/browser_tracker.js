// Injected by bench/browser.py into every document before the app's scripts. On each animation frame it
// records when the first Plotly chart was drawn (chartAt), when the 'content' rule first held (contentAt),
// whether Streamlit is running, and (once trackText is set) when stMain's innerText last changed.
(() => {
  const b = window.__bench = {chartAt: null, contentAt: null, lastChange: 0, changes: 0, clickAt: null,
                              running: true, dirty: true, text: null};
  const running = () => {
    const app = document.querySelector("[data-testid='stApp']");
    const state = app && app.getAttribute('data-test-script-state');
    return !(state === 'notRunning' || state === 'compilationError')
      || !!document.querySelector("[data-testid='stStatusWidget']");
  };
  const chartDrawn = () => Array.from(document.querySelectorAll('.js-plotly-plot .main-svg')).some(svg => {
    const box = svg.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(svg).visibility !== 'hidden'
      && !!svg.querySelector('.trace, .xtick, .ytick, .slice');
  });
  new MutationObserver(() => { b.dirty = true; })
    .observe(document, {childList: true, subtree: true, characterData: true});
  document.addEventListener('click', () => { if (b.clickAt === null) b.clickAt = performance.now(); }, true);
  const tick = () => {
    const now = performance.now();
    b.running = running();
    const main = document.querySelector("[data-testid='stMain']");
    if (b.chartAt === null && chartDrawn()) b.chartAt = now;
    if (b.contentAt === null && !b.running && main && main.textContent.trim().length > 0) b.contentAt = now;
    if (b.dirty && b.trackText) {
      b.dirty = false;
      const text = main ? main.innerText : '';
      if (text !== b.text) { b.text = text; b.lastChange = now; b.changes += 1; }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();

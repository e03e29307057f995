// A closed team session's text boxes are read-only, not disabled: Streamlit clears a text box it disables,
// and with it a rationale typed but not yet sent (dlui/live_text.js sends it a second after the last key,
// and still does so for a read-only box). Text areas and inputs in the page's main area, while locked;
// the observer marks boxes drawn anew (a rerun) until the page is unlocked.
export default function (component) {
  const locked = Boolean(component.data && component.data.locked);
  const state = window.__dldashReadOnly || (window.__dldashReadOnly = { observer: null });
  const boxes = () => document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stTextArea"] textarea, [data-testid="stMain"] [data-testid="stTextInput"] input');
  const mark = () => {
    for (const box of boxes()) if (!box.readOnly) box.readOnly = true;
  };
  if (state.observer) {
    state.observer.disconnect();
    state.observer = null;
  }
  if (locked) {
    mark();
    state.observer = new MutationObserver(mark);
    state.observer.observe(document.body, { childList: true, subtree: true });
  } else {
    for (const box of boxes()) box.readOnly = false;
  }
}

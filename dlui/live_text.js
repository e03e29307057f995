// Nothing typed is lost: text reaches the server while it is typed, without leaving the box.
//
// Streamlit's text area and text input hand their text to the server only on blur or on
// Ctrl+Enter / Enter. These listeners, installed once per browser page, do what a user's
// Ctrl+Enter does, 1 s after the last key press in a box (and at least every 4 s while typing
// goes on), and for every box at once when the page is hidden (a phone that sleeps, another tab
// or app brought forward). On pagehide (a tab closed) they try the same, but it rarely arrives:
// Streamlit sends widget changes from a setTimeout(0), which no longer runs once the page is
// unloading; all but the last second or so of typing (four at most) is on the server already.
// They also refuse, with a message under the box, a paste or drop that would take the box over
// its limit: Streamlit ignores such a change silently.
//
// And a click on the menu waits for the text it sends. Clicking a page in the menu leaves the box,
// which sends its text; if the server is still busy with an earlier run, that request waits there,
// and the page change that follows is folded into it (streamlit's script_requests coalesces waiting
// requests, keeping only the triggers of the older one): either the text or the page change is lost.
// So a menu click made while a text is on its way is held until a run that began after it was sent
// has ended (HOLD_MS at most: no run comes when the text was the same), then made.
//
// Streamlit mounts this component on every script run: the window flag keeps one set of listeners.
export default function (component) {
  const limits = component.data || {};
  const shared = window.__dldashLiveText || (window.__dldashLiveText = { limits: {}, installed: false });
  shared.limits = limits;  // the newest run's figures; the listeners read them at each paste
  if (shared.installed) return;
  shared.installed = true;

  const QUIET_MS = 1000;  // commit this long after the last input ...
  const MAX_WAIT_MS = 4000;  // ... and at the latest this long after the first uncommitted one
  const NOTE_CLASS = "dldash-limit-note";
  const pending = new Map();  // box -> {quiet, deadline} timers of its uncommitted edit
  const composing = new Set();  // boxes in the middle of an IME composition
  let dragSource = null;

  const HOLD_MS = 2000;  // the longest a menu click waits for the run of a text sent just before it
  const NAV = '[data-testid="stSidebarNavLink"], [data-testid="stPageLink-NavLink"]';
  const scriptState = () => document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state");
  let sentAt = 0;  // when the last text was sent
  let runStartedAt = 0;
  let waiting = false;  // a run that began after sentAt has not yet ended
  new MutationObserver((changes) => {
    const now = scriptState();
    if (now === "running" && changes.some((change) => change.oldValue !== "running")) runStartedAt = Date.now();
    if (now !== "running" && changes.some((change) => change.oldValue === "running") && runStartedAt >= sentAt) {
      waiting = false;
    }
  }).observe(document.body, { subtree: true, attributes: true, attributeOldValue: true,
                              attributeFilter: ["data-test-script-state"] });
  function sent() {
    sentAt = Date.now();
    waiting = true;
  }
  const held = () => waiting && Date.now() - sentAt < HOLD_MS;  // no run came: the text was the same
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest(NAV) : null;
    if (!link || !held() || link.dataset.dldashHeld) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    link.dataset.dldashHeld = "1";
    const release = () => {
      if (held()) {
        setTimeout(release, 25);
        return;
      }
      link.click();  // made now, as the person made it (this listener lets it through)
      delete link.dataset.dldashHeld;
    };
    setTimeout(release, 25);
  }, true);

  // A box this applies to: a Streamlit text area or text input outside a form (where Ctrl+Enter submits).
  function boxOf(target) {
    let kind = null;
    if (target instanceof HTMLTextAreaElement && target.closest('[data-testid="stTextArea"]')) kind = "answer";
    else if (target instanceof HTMLInputElement && target.closest('[data-testid="stTextInput"]')) kind = "name";
    if (!kind || target.closest('[data-testid="stForm"]')) return null;
    return kind;
  }

  function schedule(box) {
    let timers = pending.get(box);
    if (!timers) {
      timers = { quiet: 0, deadline: setTimeout(() => commit(box), MAX_WAIT_MS) };
      pending.set(box, timers);
    }
    clearTimeout(timers.quiet);
    timers.quiet = setTimeout(() => commit(box), QUIET_MS);
  }

  function forget(box) {
    const timers = pending.get(box);
    if (timers) {
      clearTimeout(timers.quiet);
      clearTimeout(timers.deadline);
      pending.delete(box);
    }
  }

  // What Ctrl+Enter does (Enter, in a text input): Streamlit's own handler sends the text if the
  // box has changed since it last did, and keeps caret, focus and any text typed meanwhile.
  function commit(box) {
    if (composing.has(box)) {  // Enter now would end the composition: wait for it to finish
      forget(box);
      schedule(box);
      return;
    }
    forget(box);
    clearNote(box);
    if (!box.isConnected || box.disabled) return;
    sent();
    box.dispatchEvent(new KeyboardEvent("keydown", {
      key: "Enter", code: "Enter", keyCode: 13, which: 13, ctrlKey: true, bubbles: true, cancelable: true,
    }));
  }

  function commitAll() {
    for (const box of [...pending.keys()]) commit(box);
  }

  // The note goes right after the widget, not inside it: Streamlit places the box's "Press
  // Ctrl+Enter to apply" line at the bottom of the widget's own element.
  function widgetOf(box) {
    return box.closest('[data-testid="stTextArea"], [data-testid="stTextInput"]');
  }

  function clearNote(box) {
    const next = widgetOf(box)?.nextElementSibling;
    if (next && next.classList.contains(NOTE_CLASS)) next.remove();
  }

  function showNote(box, kind, verb, length, limit) {
    clearNote(box);
    const note = document.createElement("div");
    note.className = NOTE_CLASS;
    note.setAttribute("role", "alert");
    const what = kind === "answer" ? "this answer" : "this field";
    // A box's own limit may be another than its kind's (a milestone's text): then "it" holds it.
    const holds = limit !== shared.limits[kind] ? "it" : kind === "answer" ? "an answer" : "a name or role";
    const n = (x) => x.toLocaleString("en-US");
    note.textContent = `That ${verb} would make ${what} ${n(length)} characters long; ${holds} can hold up to ` +
      `${n(limit)}. Nothing was ${verb === "paste" ? "pasted" : "added"}: shorten the text and ${verb} again.`;
    widgetOf(box).after(note);
  }

  // The text the browser would insert: line breaks as a text area keeps them, none in a one-line input.
  function inserted(text, kind) {
    return kind === "answer" ? text.replace(/\r\n?/g, "\n") : text.replace(/[\r\n]/g, "");
  }

  function refuseIfTooLong(event, data, verb, selected) {
    const kind = boxOf(event.target);
    if (!kind || !data) return;
    const box = event.target;
    const limit = box.maxLength > 0 ? box.maxLength : shared.limits[kind];  // Streamlit's max_chars
    const text = inserted(data.getData("text/plain") || "", kind);
    const length = box.value.length - selected(box) + text.length;
    if (limit && length > limit) {
      event.preventDefault();
      showNote(box, kind, verb, length, limit);
    } else {
      clearNote(box);
    }
  }

  document.addEventListener("input", (event) => {
    if (!boxOf(event.target)) return;
    clearNote(event.target);
    schedule(event.target);
  }, true);
  document.addEventListener("compositionstart", (event) => {
    if (boxOf(event.target)) composing.add(event.target);
  }, true);
  document.addEventListener("compositionend", (event) => {
    composing.delete(event.target);
  }, true);
  // Leaving the box is Streamlit's own commit: it sends the text if it was changed since last sent.
  document.addEventListener("focusout", (event) => {
    if (pending.has(event.target)) sent();
    forget(event.target);
  }, true);
  document.addEventListener("paste", (event) => {
    refuseIfTooLong(event, event.clipboardData, "paste", (box) => box.selectionEnd - box.selectionStart);
  }, true);
  document.addEventListener("dragstart", (event) => { dragSource = event.target; }, true);
  document.addEventListener("dragend", () => { dragSource = null; }, true);
  document.addEventListener("drop", (event) => {
    // Text dragged within the box moves; from anywhere else it is added.
    refuseIfTooLong(event, event.dataTransfer, "drop",
      (box) => (dragSource === box ? box.selectionEnd - box.selectionStart : 0));
  }, true);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") commitAll();
  });
  window.addEventListener("pagehide", commitAll);
}

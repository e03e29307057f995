// The save status is looked at again when it may have changed, and only then: about a second after
// the person did something (a rating, a key press, a click), every half second while a save is on
// its way, every second while saving fails, at once when the page comes back into view (a phone
// waking), and every ten seconds otherwise (a database file removed under a page left open).
//
// A timed fragment looking every second cost as much as the ratings themselves once a hundred
// people rated at once (benchmarks/team_load.py); this watcher looks when there is something to see.
// It sits inside the status's fragment, so its trigger reruns only that fragment. Streamlit calls
// this function on every run of the fragment (the data carries a run number): each call replaces
// the timer, so one look is ever scheduled per page.
export default function (component) {
  const { data, setTriggerValue } = component;
  const shared = window.__dldashSaveWatch || (window.__dldashSaveWatch = { timer: 0, due: 0, installed: false });
  shared.afterAction = data.after_action_ms;
  shared.look = () => {
    // Never while a run is on its way: a rerun request would cut that run short, and a rating's
    // new total would never be drawn (Streamlit does not run the cut fragment again). A run is on
    // its way from the person's action (before the page says "running": the server has not started
    // it yet) until the page is idle again after running.
    if (shared.busy()) {
      shared.timer = setTimeout(shared.look, 100);
      return;
    }
    shared.timer = 0;
    shared.due = 0;
    setTriggerValue("look", Date.now());
  };
  shared.lookIn = (ms, sooner) => {  // sooner: only bring an already scheduled look forward
    const due = Date.now() + ms;
    if (sooner && shared.timer && shared.due <= due) return;
    clearTimeout(shared.timer);
    shared.due = due;
    shared.timer = setTimeout(() => shared.look(), ms);
  };
  shared.lookIn(data.next_ms, false);
  if (shared.installed) return;
  shared.installed = true;
  const state = () => document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state");
  // From an action until its run is seen to end (or ACTION_GUARD_MS, in case the page never shows it
  // running: a short run's start and end can come in one redraw), a run may be on its way.
  const ACTION_GUARD_MS = 700;
  let actedUntil = 0;
  shared.busy = () => state() === "running" || Date.now() < actedUntil;
  new MutationObserver((changes) => {
    // A run ended (its start and end may come in one batch): looking is safe again.
    if (state() !== "running" && changes.some((change) => change.oldValue === "running")) actedUntil = 0;
  }).observe(document.body, { subtree: true, attributes: true, attributeOldValue: true,
                              attributeFilter: ["data-test-script-state"] });
  const acted = () => {
    actedUntil = Date.now() + ACTION_GUARD_MS;
    shared.lookIn(shared.afterAction, true);
  };
  for (const type of ["pointerup", "keydown", "input", "change"]) {
    document.addEventListener(type, acted, { capture: true, passive: true });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") shared.lookIn(0, true);
  });
}

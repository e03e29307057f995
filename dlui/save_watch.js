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
    // Never while a run is on its way: a rerun request would cut that run short (a rating's, on a
    // busy server), and the look would only see a save not yet made. Look once it has finished.
    const app = document.querySelector('[data-testid="stApp"]');
    if (app && app.getAttribute("data-test-script-state") === "running") {
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
  const acted = () => shared.lookIn(shared.afterAction, true);
  for (const type of ["pointerup", "keydown", "input", "change"]) {
    document.addEventListener(type, acted, { capture: true, passive: true });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") shared.lookIn(0, true);
  });
}

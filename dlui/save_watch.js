// The save status is looked at again when it may have changed, and only then. Where the person's
// runs do not draw it themselves (the guide's pages: the status is in the sidebar, a rating redraws
// its own fragment only), about a second after the person did something (a rating, a key press, a
// click), at once when the page comes back into view (a phone waking), and every ten seconds
// otherwise (a database file removed under a page left open). Everywhere: every half second while
// a save is on its way and every second while saving fails.
//
// A timed fragment looking every second cost as much as the ratings themselves once a hundred
// people rated at once (benchmarks/team_load.py); this watcher looks when there is something to see.
// Each watcher sits inside the fragment that draws its status, so its trigger reruns only that
// fragment. Streamlit calls this function on every run of that fragment (the data carries a run
// number): each call replaces the watcher's timer, so one look is ever scheduled per watcher.
export default function (component) {
  const { data, key, setTriggerValue } = component;
  const all = window.__dldashSaveWatch || (window.__dldashSaveWatch = { watchers: {}, installed: false });
  const mine = all.watchers[key] || (all.watchers[key] = { timer: 0, due: 0 });
  mine.afterAction = data.after_action_ms;  // 0: the person's own runs draw this status
  mine.look = () => {
    // Never while a run is on its way: a rerun request would cut that run short, and a rating's
    // new total would never be drawn (Streamlit does not run the cut fragment again). A run is on
    // its way from the person's action (before the page says "running": the server has not started
    // it yet) until the page is idle again after running.
    if (all.busy()) {
      mine.timer = setTimeout(mine.look, 100);
      return;
    }
    mine.timer = 0;
    mine.due = 0;
    setTriggerValue("look", Date.now());
  };
  mine.lookIn = (ms, sooner) => {  // sooner: only bring an already scheduled look forward
    const due = Date.now() + ms;
    if (sooner && mine.timer && mine.due <= due) return;
    clearTimeout(mine.timer);
    mine.due = due;
    mine.timer = setTimeout(() => mine.look(), ms);
  };
  const stop = () => {  // also when the watcher leaves the page: its status was saved, nothing to look at
    clearTimeout(mine.timer);
    mine.timer = 0;
    mine.due = 0;
  };
  stop();
  if (data.next_ms > 0) mine.lookIn(data.next_ms, false);
  if (!all.installed) install(all);
  return stop;
}

function install(all) {
  all.installed = true;
  const state = () => document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state");
  // From an action until its run is seen to end (or ACTION_GUARD_MS, in case the page never shows it
  // running: a short run's start and end can come in one redraw), a run may be on its way. A run that
  // ended had begun before the last action if that action came while it ran (a second rating while the
  // first one's run was on screen): the later action's run is still to come, so the guard stays.
  const ACTION_GUARD_MS = 700;
  let actedAt = 0;
  let actedUntil = 0;
  let runStartedAt = 0;
  all.busy = () => state() === "running" || Date.now() < actedUntil;
  new MutationObserver((changes) => {
    const now = state();
    if (now === "running" && changes.some((change) => change.oldValue !== "running")) runStartedAt = Date.now();
    // A run ended (its start and end may come in one batch): looking is safe again, unless an action came
    // after that run began.
    if (now !== "running" && changes.some((change) => change.oldValue === "running") && runStartedAt >= actedAt) {
      actedUntil = 0;
    }
  }).observe(document.body, { subtree: true, attributes: true, attributeOldValue: true,
                              attributeFilter: ["data-test-script-state"] });
  const watching = () => Object.values(all.watchers).filter((watcher) => watcher.afterAction > 0);
  const acted = () => {
    actedAt = Date.now();
    actedUntil = actedAt + ACTION_GUARD_MS;
    for (const watcher of watching()) watcher.lookIn(watcher.afterAction, true);
  };
  for (const type of ["pointerup", "keydown", "input", "change"]) {
    document.addEventListener(type, acted, { capture: true, passive: true });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") for (const watcher of watching()) watcher.lookIn(0, true);
  });
}

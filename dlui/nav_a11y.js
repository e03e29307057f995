// Streamlit's navigation with sections is a <ul> holding a <div> per section (its heading, then its
// pages' <li> links), so axe-core's list and listitem rules fail on every page: the list holds
// something other than items, and the items sit outside a list. The sections are this app's choice,
// so the fix is the app's: the <ul> and its <li> are marked role="none", and the navigation reads
// as what it shows, section headings and links. A flat navigation (a participant's) is left alone.
//
// Streamlit mounts this component on every script run and redraws the navigation itself: the window
// flag keeps one observer, which marks the navigation again whenever it is drawn anew.
export default function () {
  if (window.__dldashNavA11y) return;
  window.__dldashNavA11y = true;
  const mark = (element) => {
    if (element.getAttribute("role") !== "none") element.setAttribute("role", "none");
  };
  const fix = () => {
    for (const list of document.querySelectorAll('[data-testid="stSidebarNavItems"]')) {
      if (list.querySelector(":scope > li")) continue;  // a flat navigation is a proper list
      mark(list);
      for (const item of list.querySelectorAll(":scope > * > li")) mark(item);
    }
  };
  fix();
  new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
}

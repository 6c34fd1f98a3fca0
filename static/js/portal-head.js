/* Before the page paints: the larger-text mode (适老化) a visitor chose on this device. */
(function () {
  "use strict";
  try {
    if (window.localStorage.getItem("zjgh-large-text") === "1") {
      document.documentElement.classList.add("large-text");
    }
  } catch (error) { /* storage blocked: the default size */ }
})();

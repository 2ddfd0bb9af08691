/* Content-Security-Policy compatibility (see ckanext/pekalongan/theme/web_security.py):
 * a timer given a string or nothing instead of a function would be a string eval, which
 * the policy blocks and reports. Such calls are dropped; timers with functions run. */
(function () {
  "use strict";
  var setTimeoutOriginal = window.setTimeout;
  window.setTimeout = function (handler) {
    if (typeof handler !== "function") {
      return 0;
    }
    return setTimeoutOriginal.apply(window, arguments);
  };
})();

// mstation web console: login page helper. Shows the notice after a refused
// login: /?failed=1 (wrong, locked or disabled) or /?busy=1 (too many
// attempts; try again in a minute). Nothing else.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(window.location.search);
  for (const [param, id] of [['failed', 'login-failed'], ['busy', 'login-busy']]) {
    const note = params.get(param) === '1' ? document.getElementById(id) : null;
    if (note) note.hidden = false;
  }
});

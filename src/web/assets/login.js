// mstation web console: login page helper. Shows the failure notice after a
// refused login (the server redirects to /?failed=1). Nothing else.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(window.location.search);
  if (params.get('failed') === '1') {
    const note = document.getElementById('login-failed');
    if (note) note.hidden = false;
  }
});

// kuis serve, a timed question: count the time the server gave down every second and, at zero,
// submit the page's form (marked as the clock's), so the server ends the quiz as timed out.
// The server stays the authority: without script the page shows the time left when it was
// loaded, and a late answer is refused all the same.
(function () {
  var timer = document.getElementById('timer');
  var form = document.getElementById('answer');
  if (!timer || !form) return;
  var shown = timer.querySelector('.clock');
  var end = Date.now() + (parseInt(timer.getAttribute('data-remaining-ms'), 10) || 0);
  function two(n) { return (n < 10 ? '0' : '') + n; }
  // As the server writes it (say::clock): 01:59, or 1:05:00 from an hour up.
  function clock(s) {
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, x = s % 60;
    return (h > 0 ? h + ':' + two(m) : two(m)) + ':' + two(x);
  }
  function tick() {
    var left = end - Date.now();
    shown.textContent = clock(Math.max(0, Math.ceil(left / 1000)));
    if (left <= 0) {
      var expired = document.createElement('input');
      expired.type = 'hidden';
      expired.name = 'expired';
      expired.value = '1';
      form.appendChild(expired);
      form.submit();
      return;
    }
    // On the next whole second of what is left.
    setTimeout(tick, left % 1000 || 1000);
  }
  tick();
})();

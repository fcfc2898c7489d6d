// kuis serve, the trainer's page: replace the live part whenever the room changes (server-sent
// events). Without script the page refreshes itself every few seconds instead.
(function () {
  var live = document.getElementById('live');
  if (!live || !window.EventSource) return;
  var events = new EventSource(live.getAttribute('data-events'));
  events.addEventListener('room', function (e) { live.innerHTML = e.data; });
})();

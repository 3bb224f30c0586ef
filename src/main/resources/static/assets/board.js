// A hall's queue board: the live state over SSE, reconnecting with Last-Event-ID; stale marked
// when the hall's queue system is silent or this screen has lost the stream. Counts only.
const common = await import(document.querySelector('link[rel="modulepreload"]').href);
const { api, liveStream, provinceDate, formatDay, el } = common;

const $ = (id) => document.getElementById(id);
const hallCode = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] || '');
/** Heartbeats come at least every 15 s; two missed ones mean the screen no longer sees the hall. */
const SILENCE_MS = 35000;

const board = { queue: null, lastHeard: 0, connected: false };

function tick() {
  const now = new Date();
  $('date').textContent = formatDay(provinceDate());
  $('time').textContent = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(now);
  renderStale();
}

function renderStale() {
  const silent = Date.now() - board.lastHeard > SILENCE_MS;
  const stale = !board.queue || board.queue.stale || !board.connected || silent;
  document.body.classList.toggle('is-stale', stale);
  document.body.dataset.stale = String(stale);
  $('stale').hidden = !stale;
  if (!stale) return;
  const since = board.queue?.updatedAt ? `，最后更新于 ${time(board.queue.updatedAt)}` : '';
  $('stale').textContent = !board.connected || silent
    ? `连接中断，正在重新连接${since}`
    : `排队数据暂未更新${since}，请以叫号屏为准`;
}

function time(iso) {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false })
    .format(new Date(iso));
}

function render(queue) {
  board.queue = queue;
  const groups = queue.groups || [];
  $('groups').replaceChildren(...(groups.length === 0
    ? [el('p', { class: 'empty' }, '暂无排队数据')]
    : groups.map((group) => el('section', { class: 'group', 'data-group': group.group },
      el('h2', {}, group.group),
      el('dl', {},
        el('div', {}, el('dt', {}, '等候人数'), el('dd', { class: 'waiting' }, group.waiting)),
        el('div', {}, el('dt', {}, '办理中'), el('dd', { class: 'serving' }, group.serving)),
        el('div', {}, el('dt', {}, '预计等候'),
          el('dd', { class: 'wait' }, group.estimatedWaitMinutes ?? '—', el('small', {}, ' 分钟'))))))));
  $('updated').textContent = queue.updatedAt ? `数据时间 ${time(queue.updatedAt)}` : '';
  renderStale();
}

async function loadHall() {
  const hall = await api(`/halls/${encodeURIComponent(hallCode)}`);
  if (!hall.ok) {
    $('hall-name').textContent = '找不到这个办税服务厅';
    return false;
  }
  $('hall-name').textContent = hall.data.name;
  document.title = `排队情况 · ${hall.data.name}`;
  return true;
}

/** Today's booked places: the public slot counts (capacity minus places left), nothing personal. */
async function loadBookedToday() {
  const slots = await api(`/halls/${encodeURIComponent(hallCode)}/slots?date=${provinceDate()}`);
  if (!slots.ok) return;
  $('booked-today').textContent = slots.data.slots.reduce((sum, slot) => sum + (slot.capacity - slot.remaining), 0);
}

tick();
setInterval(tick, 1000);
if (await loadHall()) {
  loadBookedToday();
  setInterval(loadBookedToday, 60000);
  liveStream(`/api/v1/halls/${encodeURIComponent(hallCode)}/queue/stream`, {
    onEvent: (event) => { if (event.event === 'queue') render(JSON.parse(event.data)); },
    onAlive: () => { board.lastHeard = Date.now(); },
    onState: (state) => {
      board.connected = state === 'open';
      if (board.connected) board.lastHeard = Date.now();
      renderStale();
    },
  });
}

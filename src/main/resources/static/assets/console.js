// The staff console: sign-in and first password change, the day's bookings, check-in with the
// printed slip, phone and walk-in bookings, schedule, closures and calendar, no-shows and unlocks,
// reschedule proposals, reports with CSV and a chart, the waitlist lines; for the province operator
// also the halls' queue-system keys and the releases. Staff see their own hall; the operator chooses one.
const common = await import(document.querySelector('link[rel="modulepreload"]').href);
const { api, problemSentence, taxpayerIdProblem, phoneProblem, provinceDate, formatDay, formatDateTime, newKey, el, say } = common;

const $ = (id) => document.getElementById(id);
const message = $('message');
const STATUS_NAMES = {
  BOOKED: '已预约', CANCELLED: '已取消', CHECKED_IN: '已签到', NO_SHOW: '未到', RESCHEDULE_PROPOSED: '改约待答复',
  WITHDRAWN_BY_HALL: '已撤销', COMPLETED: '已办结',
};
const CHANNEL_NAMES = { ONLINE: '网上', MOBILE: '移动端', PHONE: '电话', WALK_IN: '现场' };
const ROLE_NAMES = { PROVINCE_OPERATOR: '省局运维', HALL_ADMIN: '办税服务厅管理员', HALL_GUIDE: '导税员' };

const session = {
  token: sessionStorage.getItem('yuyue.staff.token'),
  me: null,
  hall: null,
  businessTypes: [],
};

function fail(result) { say(message, problemSentence(result.problem), 'bad'); }
function ok(text) { say(message, text, 'ok'); }
function call(path, options = {}) { return api(path, { ...options, token: session.token }); }
function typeNames(codes) {
  const names = new Map(session.businessTypes.map((t) => [t.code, t.name]));
  return codes.map((c) => names.get(c) || c).join('、');
}

// Sign-in ------------------------------------------------------------------------------------------

async function signIn(event) {
  event.preventDefault();
  const answer = await api('/admin/sessions', {
    method: 'POST', body: { username: $('username').value.trim(), password: $('password').value },
  });
  if (!answer.ok) return fail(answer);
  say(message, '', 'info');
  keepToken(answer.data.token);
  if (answer.data.mustChangePassword) {
    $('sign-in').hidden = true;
    $('change-password').hidden = false;
    $('current-password').value = $('password').value;
    $('new-password').focus();
    return;
  }
  start();
}

async function changePassword(event) {
  event.preventDefault();
  if ($('new-password').value !== $('new-password-again').value) return say(message, '两次输入的新密码不一致。', 'bad');
  const answer = await call('/admin/password', {
    method: 'PUT', body: { currentPassword: $('current-password').value, newPassword: $('new-password').value },
  });
  if (!answer.ok) return fail(answer);
  keepToken(answer.data.token);
  $('change-password').hidden = true;
  ok('密码已修改。');
  start();
}

function keepToken(token) {
  session.token = token;
  sessionStorage.setItem('yuyue.staff.token', token);
}

async function signOut() {
  await call('/admin/sessions/current', { method: 'DELETE' });
  sessionStorage.removeItem('yuyue.staff.token');
  location.reload();
}

async function start() {
  const me = await call('/admin/me');
  if (!me.ok) {
    sessionStorage.removeItem('yuyue.staff.token');
    session.token = null;
    $('sign-in').hidden = false;
    if (me.problem.code === 'PASSWORD_CHANGE_REQUIRED') {
      $('sign-in').hidden = true;
      $('change-password').hidden = false;
    }
    return;
  }
  session.me = me.data;
  const types = await api('/business-types');
  session.businessTypes = types.ok ? types.data : [];
  $('sign-in').hidden = true;
  $('change-password').hidden = true;
  $('who').hidden = false;
  $('who-name').textContent = `${me.data.username}（${ROLE_NAMES[me.data.role] || me.data.role}）`;
  if (me.data.role === 'PROVINCE_OPERATOR') {
    const halls = await api('/halls');
    $('hall').replaceChildren(...(halls.ok ? halls.data : []).map((h) => el('option', { value: h.code }, `${h.city} ${h.name}`)));
    $('hall').hidden = false;
    session.hall = $('hall').value;
  } else {
    session.hall = me.data.hallCode;
    $('report-level').querySelectorAll('option:not([value="HALL"])').forEach((o) => o.remove());
  }
  const admin = me.data.role !== 'HALL_GUIDE';
  for (const tab of ['tab-schedule', 'tab-noshow', 'tab-reschedule', 'tab-reports']) $(tab).hidden = !admin;
  const operator = me.data.role === 'PROVINCE_OPERATOR';
  for (const tab of ['tab-keys', 'tab-releases']) $(tab).hidden = !operator;
  $('work').hidden = false;
  renderDeskTypes();
  showTab('today');
}

// Tabs (arrow keys move between them, as for any tablist) --------------------------------------

const TABS = ['today', 'checkin', 'desk', 'schedule', 'noshow', 'reschedule', 'reports', 'waitlist', 'keys', 'releases'];
const LOADERS = {
  today: loadDay, checkin: () => $('checkin-no').focus(), desk: loadDeskSlots, schedule: loadSchedule,
  noshow: loadNoShows, reschedule: loadRescheduleChoices, reports: loadReport, waitlist: loadWaitlist,
  keys: loadKeys, releases: loadReleases,
};

function showTab(name) {
  for (const tab of TABS) {
    const selected = tab === name;
    $(`tab-${tab}`).setAttribute('aria-selected', String(selected));
    $(`tab-${tab}`).tabIndex = selected ? 0 : -1;
    $(`panel-${tab}`).hidden = !selected;
  }
  LOADERS[name]?.();
}

function tabKeys(event) {
  const visible = TABS.filter((t) => !$(`tab-${t}`).hidden);
  const current = visible.indexOf(event.target.id.replace('tab-', ''));
  let next = null;
  if (event.key === 'ArrowRight') next = visible[(current + 1) % visible.length];
  if (event.key === 'ArrowLeft') next = visible[(current - 1 + visible.length) % visible.length];
  if (next) { showTab(next); $(`tab-${next}`).focus(); }
}

// Today's bookings -------------------------------------------------------------------------------

async function dayBookings(date) {
  const query = date ? `?date=${date}` : '';
  return call(`/admin/halls/${session.hall}/bookings${query}`);
}

async function loadDay() {
  const answer = await dayBookings($('day').value);
  if (!answer.ok) return fail(answer);
  const rows = answer.data;
  const counts = rows.reduce((c, b) => ({ ...c, [b.status]: (c[b.status] || 0) + 1 }), {});
  $('day-summary').textContent = `共 ${rows.length} 条：` + Object.entries(counts).map(([s, n]) => `${STATUS_NAMES[s] || s} ${n}`).join('，');
  $('day-bookings').replaceChildren(...rows.map((b) => el('tr', {},
    el('td', {}, `${b.start}-${b.end}`), el('td', {}, b.appointmentNo), el('td', {}, b.taxpayerName),
    el('td', {}, b.taxpayerId), el('td', {}, b.phone), el('td', {}, typeNames(b.businessTypes)),
    el('td', {}, CHANNEL_NAMES[b.channel] || b.channel), el('td', {}, STATUS_NAMES[b.status] || b.status))));
  if (rows.length === 0) $('day-bookings').append(el('tr', {}, el('td', { colspan: 8 }, '这一天没有预约。')));
}

// Check-in and the slip ----------------------------------------------------------------------------

async function checkIn(event) {
  event.preventDefault();
  const answer = await call(`/admin/halls/${session.hall}/check-ins`, {
    method: 'POST', body: { appointmentNo: $('checkin-no').value.trim().toUpperCase(), taxpayerName: $('checkin-name').value.trim() },
  });
  if (!answer.ok) return fail(answer);
  ok(`${answer.data.booking.appointmentNo} ${answer.data.booking.taxpayerName} 已签到。`);
  const slip = await api(answer.data.slip.replace(/^\/api\/v1/, ''), { token: session.token, headers: { Accept: 'text/html' } });
  if (!slip.ok) return fail(slip);
  // The slip page is parsed, not rendered: only its content is taken into this page, where the
  // console's own print stylesheet lays it out (no inline style or script from elsewhere).
  const parsed = new DOMParser().parseFromString(slip.data, 'text/html');
  parsed.querySelectorAll('script, style, button').forEach((node) => node.remove());
  $('slip').replaceChildren(...[...parsed.body.childNodes].map((node) => document.importNode(node, true)));
  $('slip-area').hidden = false;
  $('print-slip').focus();
}

// Phone and walk-in bookings ---------------------------------------------------------------------

function renderDeskTypes() {
  $('desk-types').replaceChildren(...session.businessTypes.map((t) => el('label', {},
    el('input', { type: 'checkbox', value: t.code }), t.name, t.oneWindow ? '' : '（需转号）')));
}

async function slotOptions(select, date) {
  // Only the latest day asked for fills the list, whichever answer arrives last.
  select.dataset.day = date;
  const answer = await api(`/halls/${session.hall}/slots?date=${date}`);
  if (select.dataset.day !== date) return;
  const slots = answer.ok ? answer.data.slots.filter((s) => s.bookable) : [];
  select.replaceChildren(...slots.map((s) => el('option', { value: s.start }, `${s.start}-${s.end}（剩 ${s.remaining}）`)));
  if (slots.length === 0) select.append(el('option', { value: '' }, '这一天没有可预约的时段'));
}

function loadDeskSlots() {
  if (!$('desk-date').value) $('desk-date').value = provinceDate(1);
  slotOptions($('desk-start'), $('desk-date').value);
}

async function deskBook(event) {
  event.preventDefault();
  const idProblem = taxpayerIdProblem($('desk-id').value);
  if (idProblem) return say($('desk-id-note'), idProblem, 'bad');
  const phone = phoneProblem($('desk-phone').value);
  if (phone) return say(message, phone, 'bad');
  const types = [...$('desk-types').querySelectorAll('input:checked')].map((box) => box.value);
  if (types.length === 0) return say(message, '请至少选择一项办理业务。', 'bad');
  const answer = await call(`/admin/halls/${session.hall}/bookings`, {
    method: 'POST', headers: { 'Idempotency-Key': newKey() },
    body: {
      date: $('desk-date').value, start: $('desk-start').value, taxpayerId: $('desk-id').value.trim().toUpperCase(),
      taxpayerName: $('desk-name').value.trim(), businessTypes: types, phone: $('desk-phone').value.trim(),
      channel: $('desk-channel').value,
    },
  });
  if (!answer.ok) return fail(answer);
  $('desk-result').textContent = `已预约：${answer.data.appointmentNo}，${formatDay(String(answer.data.date))} ${answer.data.start}-${answer.data.end}。确认短信已发送给纳税人。`;
  say(message, '', 'info');
  loadDeskSlots();
}

// Schedule, calendar, closures -------------------------------------------------------------------

const SCHEDULE_FIELDS = ['morningStart', 'morningEnd', 'afternoonStart', 'afternoonEnd', 'slotMinutes', 'dedicatedWindows', 'placesPerWindow'];

async function loadSchedule() {
  const schedule = await call(`/admin/halls/${session.hall}/schedule`);
  if (schedule.ok) for (const field of SCHEDULE_FIELDS) $(`s-${field}`).value = schedule.data[field] ?? '';
  loadCalendar();
  loadClosures();
}

async function saveSchedule(event) {
  event.preventDefault();
  const body = Object.fromEntries(SCHEDULE_FIELDS.map((f) => [f, /Minutes|Windows|PerWindow/.test(f) ? Number($(`s-${f}`).value) : $(`s-${f}`).value]));
  const answer = await call(`/admin/halls/${session.hall}/schedule`, { method: 'PUT', body });
  if (!answer.ok) return fail(answer);
  ok('排班已保存，已生效到预约期内的每一天。');
  loadCalendar();
}

async function loadCalendar() {
  const days = Array.from({ length: 8 }, (_, i) => provinceDate(i));
  const answers = await Promise.all(days.map((d) => api(`/halls/${session.hall}/slots?date=${d}`)));
  $('calendar').replaceChildren(...days.map((day, i) => {
    const data = answers[i].ok ? answers[i].data : null;
    const open = data && data.open;
    const capacity = open ? data.slots.reduce((s, x) => s + x.capacity, 0) : 0;
    const left = open ? data.slots.reduce((s, x) => s + x.remaining, 0) : 0;
    return el('div', { class: open ? '' : 'closed' }, el('strong', {}, formatDay(day)), el('br'),
      open ? `已约 ${capacity - left} / ${capacity}` : '休息或闭厅');
  }));
}

async function loadClosures() {
  const answer = await call(`/admin/halls/${session.hall}/closures`);
  if (!answer.ok) return fail(answer);
  $('closures').replaceChildren(...answer.data.map((c) => el('li', {},
    `${formatDay(String(c.date))} ${c.slotStart ? c.slotStart.slice(0, 5) : '全天'}：${c.reason}`,
    el('button', { type: 'button', onclick: () => reopen(c) }, '恢复开放'))));
  if (answer.data.length === 0) $('closures').append(el('li', {}, '没有闭厅或关闭的时段。'));
}

async function close(event) {
  event.preventDefault();
  const body = { date: $('c-date').value, reason: $('c-reason').value.trim() };
  if ($('c-slot').value) body.slotStart = $('c-slot').value;
  const answer = await call(`/admin/halls/${session.hall}/closures`, { method: 'POST', body });
  if (!answer.ok) return fail(answer);
  ok('已关闭。');
  loadClosures();
  loadCalendar();
}

async function reopen(closure) {
  const answer = await call(`/admin/halls/${session.hall}/closures/${closure.id}`, { method: 'DELETE' });
  if (!answer.ok) return fail(answer);
  ok('已恢复开放。');
  loadClosures();
  loadCalendar();
}

// No-shows and unlocks ---------------------------------------------------------------------------

async function loadNoShows() {
  if (!$('noshow-day').value) $('noshow-day').value = provinceDate(-1);
  const answer = await dayBookings($('noshow-day').value);
  if (!answer.ok) return fail(answer);
  const missed = answer.data.filter((b) => b.status === 'NO_SHOW');
  $('noshows').replaceChildren(...missed.map((b) => el('li', {}, `${b.start} ${b.appointmentNo} ${b.taxpayerName} 手机 ${b.phone}`)));
  if (missed.length === 0) $('noshows').append(el('li', {}, '这一天没有未到记录。'));
}

async function lookUpLock(event) {
  event.preventDefault();
  const phone = $('lock-phone').value.trim();
  const answer = await call('/admin/booker-locks/lookup', { method: 'POST', body: { phone } });
  if (!answer.ok) return fail(answer);
  const lock = answer.data;
  if (!lock.locked) {
    $('lock-state').replaceChildren(el('p', {}, '该手机号目前可以正常预约。'));
    return;
  }
  $('lock-state').replaceChildren(
    el('p', {}, `已暂停预约至 ${formatDateTime(lock.lockedUntil)}。核验证件后可提前解除：`),
    el('form', { class: 'inline-form', onsubmit: (e) => unlock(e, phone) },
      el('label', { for: 'u-type' }, '证件类型'),
      el('select', { id: 'u-type' }, el('option', { value: 'RESIDENT_ID_CARD' }, '居民身份证'), el('option', { value: 'PASSPORT' }, '护照'),
        el('option', { value: 'HK_MACAO_PERMIT' }, '港澳居民来往内地通行证'), el('option', { value: 'TAIWAN_PERMIT' }, '台湾居民来往大陆通行证'),
        el('option', { value: 'FOREIGN_PERMANENT_RESIDENT_ID' }, '外国人永久居留身份证'), el('option', { value: 'OTHER' }, '其他')),
      el('label', { for: 'u-number' }, '证件号码'), el('input', { id: 'u-number', required: true }),
      el('label', { for: 'u-note' }, '备注'), el('input', { id: 'u-note' }),
      el('button', { type: 'submit' }, '解除')));
}

async function unlock(event, phone) {
  event.preventDefault();
  const answer = await call('/admin/booker-locks/unlock', {
    method: 'POST', body: { phone, documentType: $('u-type').value, documentNumber: $('u-number').value.trim(), note: $('u-note').value.trim() },
  });
  if (!answer.ok) return fail(answer);
  ok('已解除暂停，该手机号可以重新预约。');
  $('lock-state').replaceChildren();
}

// Reschedule proposals ---------------------------------------------------------------------------

async function loadRescheduleChoices() {
  const answer = await dayBookings($('day').value);
  if (!answer.ok) return fail(answer);
  const open = answer.data.filter((b) => b.status === 'BOOKED');
  $('r-booking').replaceChildren(...open.map((b) => el('option', { value: b.id }, `${b.start} ${b.appointmentNo} ${b.taxpayerName}`)));
  if (!$('r-date').value) $('r-date').value = provinceDate(1);
  slotOptions($('r-start'), $('r-date').value);
}

async function propose(event) {
  event.preventDefault();
  const answer = await call(`/admin/halls/${session.hall}/bookings/${$('r-booking').value}/reschedule`, {
    method: 'POST', body: { date: $('r-date').value, start: $('r-start').value, reason: $('r-reason').value.trim() },
  });
  if (!answer.ok) return fail(answer);
  $('reschedule-result').textContent = `已向纳税人发送改约提议（${formatDay(String(answer.data.date))} ${answer.data.start}），答复期限 ${formatDateTime(answer.data.deadline)}。`;
  loadRescheduleChoices();
}

// Reports ----------------------------------------------------------------------------------------

function reportQuery() {
  if (!$('report-day').value) $('report-day').value = provinceDate(-1);
  const level = $('report-level').value;
  const hall = level === 'HALL' ? `&hallCode=${session.hall}` : '';
  return `date=${$('report-day').value}&level=${level}${hall}`;
}

async function loadReport() {
  const answer = await call(`/admin/reports/daily?${reportQuery()}`);
  if (!answer.ok) return fail(answer);
  const rows = answer.data;
  $('report-rows').replaceChildren(...rows.map((r) => el('tr', {},
    el('td', {}, r.name), el('td', {}, r.booked), el('td', {}, r.online), el('td', {}, r.mobile), el('td', {}, r.phone),
    el('td', {}, r.walkIn), el('td', {}, r.checkedIn), el('td', {}, r.noShows), el('td', {}, r.cancelled),
    el('td', {}, `${Math.round(r.utilisation * 100)}%`))));
  if ($('report-level').value !== 'HALL') {
    drawChart(rows.slice(0, 20).map((r) => ({ ...r, label: r.name.slice(0, 4) })), `${$('report-day').value} 各${$('report-level').value === 'CITY' ? '市' : '地'}`);
    return;
  }
  // One hall: the week up to the chosen day, so the chart shows a trend rather than one group.
  const end = new Date(`${$('report-day').value}T12:00:00+08:00`);
  const days = Array.from({ length: 7 }, (_, i) => new Date(end.getTime() - (6 - i) * 86400000).toISOString().slice(0, 10));
  const week = await Promise.all(days.map((day) => call(`/admin/reports/daily?date=${day}&level=HALL&hallCode=${session.hall}`)));
  drawChart(week.map((w, i) => ({ ...(w.ok && w.data[0] ? w.data[0] : { booked: 0, checkedIn: 0, noShows: 0 }), label: days[i].slice(5) })),
    `${days[0]} 至 ${days[6]}`);
}

/** Booked, checked in and no-shows per row as grouped bars: inline SVG, no library. */
function drawChart(rows, caption) {
  const svg = 'http://www.w3.org/2000/svg';
  const series = [['booked', '预约', '#0b5cad'], ['checkedIn', '签到', '#1b6e2e'], ['noShows', '未到', '#b00020']];
  const barWidth = 14;
  const groupWidth = barWidth * series.length + 24;
  const height = 200;
  const width = Math.max(360, rows.length * groupWidth + 60);
  const max = Math.max(1, ...rows.flatMap((r) => series.map(([key]) => r[key])));
  const node = (name, attributes, text) => {
    const n = document.createElementNS(svg, name);
    for (const [k, v] of Object.entries(attributes)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const chart = node('svg', {
    viewBox: `0 0 ${width} ${height + 60}`, width, height: height + 60, role: 'img', 'aria-labelledby': 'chart-title',
  });
  chart.append(node('title', { id: 'chart-title' }, `${caption} 预约、签到、未到人数`));
  chart.append(node('line', { x1: 40, y1: height, x2: width, y2: height, stroke: '#4a4a4a' }));
  chart.append(node('text', { x: 4, y: 24 }, String(max)));
  chart.append(node('text', { x: 4, y: height }, '0'));
  rows.forEach((row, i) => {
    const x0 = 48 + i * groupWidth;
    series.forEach(([key, label, color], j) => {
      const h = Math.round((row[key] / max) * (height - 24));
      const bar = node('rect', { x: x0 + j * barWidth, y: height - h, width: barWidth - 2, height: h, fill: color });
      bar.append(node('title', {}, `${row.label} ${label} ${row[key]}`));
      chart.append(bar);
    });
    chart.append(node('text', { x: x0, y: height + 16 }, row.label));
  });
  series.forEach(([, label, color], j) => {
    chart.append(node('rect', { x: 48 + j * 80, y: height + 34, width: 12, height: 12, fill: color }));
    chart.append(node('text', { x: 64 + j * 80, y: height + 45 }, label));
  });
  $('chart').replaceChildren(chart, el('figcaption', {}, `${caption}：预约、签到、未到人数`));
}

async function downloadCsv() {
  const response = await fetch(`/api/v1/admin/reports/daily.csv?${reportQuery()}`, {
    headers: { Authorization: `Bearer ${session.token}`, 'Accept-Language': 'zh-CN' }, cache: 'no-store',
  }).catch(() => null);
  if (!response || !response.ok) {
    return fail({ problem: response ? await response.json().catch(() => null) : null });
  }
  const link = el('a', { href: URL.createObjectURL(await response.blob()), download: `report-${$('report-day').value}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
}

// Waitlist lines ---------------------------------------------------------------------------------

async function loadWaitlist() {
  if (!$('waitlist-day').value) $('waitlist-day').value = provinceDate(1);
  const day = $('waitlist-day').value;
  // Only the latest day asked for fills the list, whichever answer arrives last.
  const asked = `${session.hall}/${day}`;
  $('waitlist-lines').dataset.asked = asked;
  const answer = await call(`/admin/halls/${session.hall}/waitlist?date=${day}`);
  if ($('waitlist-lines').dataset.asked !== asked) return;
  if (!answer.ok) return fail(answer);
  const slots = answer.data.slots;
  const people = new Set(slots.flatMap((s) => s.waiting.map((w) => w.entryId))).size;
  $('waitlist-summary').textContent = slots.length === 0
    ? `${formatDay(day)}没有候补。`
    : `${formatDay(day)}：${slots.length} 个时段有候补，共 ${people} 人。`;
  $('waitlist-lines').replaceChildren(...slots.map(slotLine));
}

function slotLine(slot) {
  const heading = `h-line-${slot.start.replace(':', '')}`;
  return el('section', { class: 'line', 'aria-labelledby': heading },
    el('h3', { id: heading }, `${slot.start} 时段：${slot.waiting.length} 人候补`),
    el('table', {},
      el('thead', {}, el('tr', {}, ...['顺位', '纳税人', '识别号', '手机', '加入时间', '候补的时段'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...slot.waiting.map((w) => el('tr', {},
        el('td', {}, `第 ${w.position} 位`), el('td', {}, w.taxpayerName), el('td', {}, w.taxpayerId), el('td', {}, w.phone),
        el('td', {}, formatDateTime(w.joinedAt)), el('td', {}, w.starts.join('、')))))));
}

// Queue-system keys (province operator) -----------------------------------------------------------

const KEY_STATES = { ACTIVE: '有效', REVOKED: '已停用' };

async function loadKeys() {
  const answer = await call(`/admin/halls/${session.hall}/queue-keys`);
  if (!answer.ok) return fail(answer);
  const time = (iso) => (iso ? formatDateTime(iso) : '—');
  $('key-rows').replaceChildren(...answer.data.map((k) => el('tr', {},
    el('td', {}, k.keyId), el('td', {}, KEY_STATES[k.state] || k.state), el('td', {}, time(k.createdAt)),
    el('td', {}, time(k.rotatedAt)), el('td', {}, time(k.revokedAt)),
    el('td', {}, k.state === 'ACTIVE' ? el('button', { type: 'button', onclick: (e) => askRevoke(e.target, k) }, `停用 ${k.keyId}`) : ''))));
  if (answer.data.length === 0) $('key-rows').append(el('tr', {}, el('td', { colspan: 6 }, '本厅还没有排队系统密钥。')));
}

async function issueKey() {
  const answer = await call(`/admin/halls/${session.hall}/queue-keys`, { method: 'POST' });
  if (!answer.ok) return fail(answer);
  showPrivateKey(answer.data);
  ok(`已签发密钥 ${answer.data.keyId}。`);
  loadKeys();
}

async function rotateKey(event) {
  event.preventDefault();
  const overlapMinutes = Number($('overlap-minutes').value);
  const answer = await call(`/admin/halls/${session.hall}/queue-keys/rotation`, { method: 'POST', body: { overlapMinutes } });
  if (!answer.ok) return fail(answer);
  showPrivateKey(answer.data);
  ok(`已轮换：新密钥 ${answer.data.keyId}，旧密钥${overlapMinutes > 0 ? ` ${overlapMinutes} 分钟后` : '立即'}停用。`);
  loadKeys();
}

/** The private key is in this page only until hidden: the service keeps no copy to show again. */
function showPrivateKey(issued) {
  hidePrivateKey();
  $('issued-key-id').textContent = `密钥编号 ${issued.keyId}（${session.hall}）`;
  $('issued-pem').value = issued.privateKeyPem;
  const link = $('download-key');
  link.href = URL.createObjectURL(new Blob([issued.privateKeyPem], { type: 'application/x-pem-file' }));
  link.download = `queue-key-${session.hall}-${issued.keyId}.pem`;
  $('issued-key').hidden = false;
  $('issued-pem').focus();
}

function hidePrivateKey() {
  const link = $('download-key');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = '#';
  $('issued-pem').value = '';
  $('issued-key').hidden = true;
}

async function copyPrivateKey() {
  $('issued-pem').select();
  // The clipboard API needs a secure context; elsewhere the key stays selected for Ctrl+C.
  const copied = await navigator.clipboard?.writeText($('issued-pem').value).then(() => true, () => false);
  ok(copied ? '私钥已复制。' : '私钥已选中，请按 Ctrl+C 复制。');
}

/** Revoking cannot be undone, so the button first asks, in place, with the key named. */
function askRevoke(button, key) {
  const cell = button.parentElement;
  const cancel = el('button', { type: 'button', onclick: () => loadKeys() }, '取消');
  cell.replaceChildren(el('span', {}, `停用后排队系统立即无法使用 ${key.keyId}，确定吗？`),
    el('button', { type: 'button', class: 'primary', onclick: () => revokeKey(key) }, `确认停用 ${key.keyId}`), cancel);
  cancel.focus();
}

async function revokeKey(key) {
  const answer = await call(`/admin/halls/${session.hall}/queue-keys/${key.keyId}`, { method: 'DELETE' });
  if (!answer.ok) return fail(answer);
  ok(`密钥 ${key.keyId} 已停用。`);
  loadKeys();
}

// Releases (province operator) ---------------------------------------------------------------------

const RELEASE_STATES = { UPCOMING: '未开始', OPEN: '进行中', CLOSED: '已结束' };

async function loadReleases() {
  if (!$('release-day').value) $('release-day').value = provinceDate(7);
  const day = $('release-day').value;
  $('releases').dataset.day = day;
  const answer = await api(`/releases?date=${day}`);
  if ($('releases').dataset.day !== day) return;
  if (!answer.ok) return fail(answer);
  $('releases').replaceChildren(...answer.data.map((r) => el('li', {},
    `${r.id.startsWith('daily-') ? '每日放号' : '新增放号'} ${formatDateTime(r.opensAt)} 至 ${formatDateTime(r.closesAt)}（${RELEASE_STATES[r.state] || r.state}）`,
    r.id.startsWith('daily-') ? '' : el('button', { type: 'button', onclick: () => withdrawRelease(r) }, '撤回'))));
  if (answer.data.length === 0) $('releases').append(el('li', {}, '这一天没有放号场次。'));
}

async function addRelease(event) {
  event.preventDefault();
  const date = $('release-date').value;
  const answer = await call('/admin/releases', {
    method: 'POST', body: { date, opensAt: $('release-opens').value, reason: $('release-reason').value.trim() },
  });
  if (!answer.ok) return fail(answer);
  ok(`已新增放号：${formatDay(date)}的号源于 ${formatDateTime(answer.data.opensAt)} 开放。`);
  $('release-day').value = date;
  loadReleases();
}

async function withdrawRelease(release) {
  const answer = await call(`/admin/releases/${release.id}`, { method: 'DELETE' });
  if (!answer.ok) return fail(answer);
  ok('放号已撤回。');
  loadReleases();
}

// Wiring ------------------------------------------------------------------------------------------

$('sign-in-form').addEventListener('submit', signIn);
$('change-form').addEventListener('submit', changePassword);
$('sign-out').addEventListener('click', signOut);
$('hall').addEventListener('change', () => { session.hall = $('hall').value; showTab(TABS.find((t) => !$(`panel-${t}`).hidden)); });
for (const tab of TABS) {
  $(`tab-${tab}`).addEventListener('click', () => showTab(tab));
  $(`tab-${tab}`).addEventListener('keydown', tabKeys);
}
$('load-day').addEventListener('click', loadDay);
$('checkin-form').addEventListener('submit', checkIn);
$('print-slip').addEventListener('click', () => window.print());
$('desk-date').addEventListener('change', () => slotOptions($('desk-start'), $('desk-date').value));
$('desk-id').addEventListener('input', () => {
  const problem = $('desk-id').value.trim().length === 18 ? taxpayerIdProblem($('desk-id').value) : null;
  say($('desk-id-note'), problem || '', problem ? 'bad' : 'info');
  $('desk-id-note').hidden = false;
});
$('desk-form').addEventListener('submit', deskBook);
$('schedule-form').addEventListener('submit', saveSchedule);
$('closure-form').addEventListener('submit', close);
$('load-noshows').addEventListener('click', loadNoShows);
$('lock-form').addEventListener('submit', lookUpLock);
$('r-date').addEventListener('change', () => slotOptions($('r-start'), $('r-date').value));
$('reschedule-form').addEventListener('submit', propose);
$('load-report').addEventListener('click', loadReport);
$('download-csv').addEventListener('click', downloadCsv);
$('load-waitlist').addEventListener('click', loadWaitlist);
$('issue-key').addEventListener('click', issueKey);
$('rotate-form').addEventListener('submit', rotateKey);
$('copy-key').addEventListener('click', copyPrivateKey);
$('hide-key').addEventListener('click', hidePrivateKey);
$('load-releases').addEventListener('click', loadReleases);
$('release-form').addEventListener('submit', addRelease);
if (session.token) start();

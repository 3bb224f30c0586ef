// The booking page: hall -> day -> slot -> businesses and taxpayer -> phone verification -> book,
// with the release waiting room, the result, my bookings, cancelling and answering a reschedule.
const common = await import(document.querySelector('link[rel="modulepreload"]').href);
const {
  api, problemSentence, liveStream, taxpayerIdProblem, phoneProblem, provinceDate, formatDay, formatDateTime,
  newKey, el, say,
} = common;

const $ = (id) => document.getElementById(id);
const message = $('message');
const DAYS_AHEAD = 7;

const STATUS_NAMES = {
  BOOKED: '已预约', CANCELLED: '已取消', CHECKED_IN: '已签到', NO_SHOW: '未到', RESCHEDULE_PROPOSED: '办税服务厅提议改约',
  WITHDRAWN_BY_HALL: '已由办税服务厅撤销', COMPLETED: '已办结',
};

const BRING = {
  TAX_REGISTRATION: '登记或变更所需的证照、章程等资料',
  INVOICE_ISSUE_ON_BEHALF: '合同或协议、付款凭证',
  INVOICE_COLLECTION: '发票领用簿或经办人授权材料',
  PROPERTY_TRANSACTION_TAX: '不动产权属证明、交易合同',
  DEREGISTRATION: '清税所需的账簿、发票及相关资料',
  LAND_VAT_SETTLEMENT: '土地增值税清算报告及附报资料',
  TAX_INCENTIVE_FILING: '享受优惠的证明资料',
};

const state = {
  halls: [],
  hall: null,
  date: null,
  slot: null,
  businessTypes: [],
  phone: sessionStorage.getItem('yuyue.phone'),
  token: sessionStorage.getItem('yuyue.token'),
  tokenExpiresAt: sessionStorage.getItem('yuyue.tokenExpiresAt'),
  attempt: null, // {key, body}: the same Idempotency-Key while the same booking is retried
  stopTicket: null,
  humanCheck: null, // the id of the picture shown after 428 HUMAN_CHECK_REQUIRED
};

function tokenValid() {
  return state.token && state.tokenExpiresAt && new Date(state.tokenExpiresAt) > new Date();
}

function show(id, visible = true) { $(id).hidden = !visible; }

function fail(result) { say(message, problemSentence(result.problem), 'bad'); message.scrollIntoView({ block: 'nearest' }); }

// 1. Halls ---------------------------------------------------------------------------------------

async function loadHalls() {
  const [halls, types] = await Promise.all([api('/halls'), api('/business-types')]);
  if (!halls.ok) return fail(halls);
  state.halls = halls.data;
  const cities = new Map();
  for (const hall of halls.data) cities.set(hall.cityCode, hall.city);
  for (const [code, name] of [...cities].sort((a, b) => a[0].localeCompare(b[0]))) {
    $('city').append(el('option', { value: code }, name));
  }
  if (types.ok) state.businessTypeList = types.data;
  renderBusinessTypes();
  renderHalls();
}

function renderHalls() {
  const city = $('city').value;
  const words = $('hall-search').value.trim();
  const shown = state.halls.filter((hall) => (!city || hall.cityCode === city)
    && (!words || `${hall.name}${hall.county}${hall.address}`.includes(words))).slice(0, 60);
  $('halls').replaceChildren(...shown.map((hall) => el('li', {},
    el('button', {
      type: 'button', 'aria-pressed': String(state.hall?.code === hall.code), 'data-hall': hall.code,
      onclick: () => chooseHall(hall),
    }, hall.name, el('small', {}, `${hall.city}${hall.county} · ${hall.address}`)))));
  if (shown.length === 0) $('halls').append(el('li', {}, '没有找到符合条件的办税服务厅。'));
}

function chooseHall(hall) {
  state.hall = hall;
  state.date = null;
  state.slot = null;
  renderHalls();
  $('chosen-hall').textContent = `${hall.name}（${hall.address}，电话 ${hall.phone}）`;
  show('step-slot');
  loadDays();
  $('h-slot').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

// 2. Days and slots ------------------------------------------------------------------------------

async function loadDays() {
  const days = Array.from({ length: DAYS_AHEAD + 1 }, (_, i) => provinceDate(i));
  const answers = await Promise.all(days.map((day) => api(`/halls/${state.hall.code}/slots?date=${day}`)));
  state.days = days.map((day, i) => ({ day, answer: answers[i] }));
  const bookable = (entry) => entry.answer.ok && entry.answer.data.open && entry.answer.data.slots.some((s) => s.bookable);
  $('days').replaceChildren(...state.days.map((entry) => el('button', {
    type: 'button', 'data-date': entry.day, disabled: !bookable(entry), 'aria-pressed': String(state.date === entry.day),
    onclick: () => chooseDay(entry.day),
  }, formatDay(entry.day), bookable(entry) ? '' : el('small', {}, entry.answer.ok && !entry.answer.data.open ? ' 休息' : ' 无号'))));
  $('slots').replaceChildren();
  const first = state.days.find(bookable);
  if (!first) say(message, '这个办税服务厅未来 7 天已没有可预约的时段，请选择其他办税服务厅。', 'info');
}

async function chooseDay(day, refresh = false) {
  state.date = day;
  state.slot = null;
  for (const button of $('days').querySelectorAll('button')) button.setAttribute('aria-pressed', String(button.dataset.date === day));
  let answer = state.days.find((entry) => entry.day === day).answer;
  if (refresh) answer = await api(`/halls/${state.hall.code}/slots?date=${day}`);
  if (!answer.ok) return fail(answer);
  $('slots').replaceChildren(...answer.data.slots.map((slot) => el('button', {
    type: 'button', 'data-start': slot.start, disabled: !slot.bookable, 'aria-pressed': 'false',
    'aria-label': `${slot.start} 至 ${slot.end}，剩余 ${slot.remaining} 个`,
    onclick: (event) => chooseSlot(slot, event.currentTarget),
  }, `${slot.start}-${slot.end}`, el('small', {}, slot.remaining > 0 ? `剩 ${slot.remaining}` : '已满'))));
}

function chooseSlot(slot, button) {
  state.slot = slot;
  for (const other of $('slots').querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === button));
  show('step-details');
  show('step-phone');
  show('step-submit');
  renderVerified();
}

// 3. Businesses and taxpayer ---------------------------------------------------------------------

function renderBusinessTypes() {
  const types = state.businessTypeList || [];
  $('business-types').replaceChildren(...types.map((type) => el('label', {},
    el('input', { type: 'checkbox', value: type.code, 'data-one-window': String(type.oneWindow), onchange: businessesChanged }),
    type.name, type.oneWindow ? '' : el('small', { class: 'hint' }, '（需转号）'))));
}

function businessesChanged() {
  const checked = [...$('business-types').querySelectorAll('input:checked')];
  state.businessTypes = checked.map((box) => box.value);
  const transfers = checked.filter((box) => box.dataset.oneWindow === 'false').map((box) => box.parentElement.textContent.replace('（需转号）', ''));
  $('transfer-hint').hidden = transfers.length === 0;
  $('transfer-hint').textContent = transfers.length === 0 ? ''
    : `${transfers.join('、')}不在“一窗通办”范围内：到厅签到后由办税服务厅内部转号办理，无需另行预约。`;
}

function checkTaxpayerId() {
  const input = $('taxpayer-id');
  // Shown in capitals by the stylesheet; rewriting the value here would move the caret.
  const value = input.value.trim().toUpperCase();
  const problem = value.length === 0 ? null : taxpayerIdProblem(value);
  input.setAttribute('aria-invalid', String(Boolean(problem) && value.length >= 18));
  if (value.length > 0 && value.length < 18) say($('taxpayer-id-note'), `已输入 ${value.length} 位，共 18 位。`, 'info');
  else if (problem) say($('taxpayer-id-note'), problem, 'bad');
  else if (value.length === 18) say($('taxpayer-id-note'), '校验位正确。', 'ok');
  else say($('taxpayer-id-note'), '', 'info');
  $('taxpayer-id-note').hidden = false;
}

// 4. Phone verification --------------------------------------------------------------------------

function renderVerified() {
  const verified = tokenValid();
  $('verified').hidden = !verified;
  $('verified').textContent = verified ? `手机号 ${state.phone} 已验证。` : '';
  $('phone-form').hidden = verified;
}

async function sendCode() {
  const phone = $('phone').value.trim();
  const problem = phoneProblem(phone);
  if (problem) {
    $('phone').setAttribute('aria-invalid', 'true');
    return say($('phone-note'), problem, 'bad');
  }
  $('phone').setAttribute('aria-invalid', 'false');
  const body = { phone };
  if (state.humanCheck) {
    const answer = $('human-check-answer').value.trim();
    if (!answer) {
      $('human-check-answer').focus();
      return say($('phone-note'), '请先输入图形验证码中的字符。', 'bad');
    }
    body.humanCheck = { id: state.humanCheck, answer };
  }
  $('send-code').disabled = true;
  const sent = await api('/verification-codes', { method: 'POST', body });
  if (!sent.ok) {
    $('send-code').disabled = false;
    const code = sent.problem.code;
    // A check is single use: after a refusal (or an answer that was used) only a new picture helps.
    if ((code === 'HUMAN_CHECK_REQUIRED' || code === 'HUMAN_CHECK_FAILED') && !(await newHumanCheck())) return;
    return say($('phone-note'), problemSentence(sent.problem), code === 'HUMAN_CHECK_REQUIRED' ? 'info' : 'bad');
  }
  hideHumanCheck();
  say($('phone-note'), `验证码已发送，${Math.round(sent.data.expiresInSeconds / 60)} 分钟内有效。`, 'ok');
  $('code').focus();
  let seconds = 60;
  const timer = setInterval(() => {
    seconds -= 1;
    $('send-code').textContent = seconds > 0 ? `${seconds} 秒后重发` : '获取验证码';
    if (seconds <= 0) { clearInterval(timer); $('send-code').disabled = false; }
  }, 1000);
}

/**
 * Shows a new picture to read (图形验证码) after the service asked for a human check. False, with
 * the reason said, when no picture could be had.
 */
async function newHumanCheck() {
  $('human-check-answer').value = '';
  const challenge = await api('/human-checks', { method: 'POST' });
  // Only our own PNG data: the value goes into an img's src, which must never become a link elsewhere.
  if (!challenge.ok || !String(challenge.data?.image).startsWith('data:image/png;base64,')) {
    state.humanCheck = null;
    say($('phone-note'), problemSentence(challenge.problem), 'bad');
    return false;
  }
  state.humanCheck = challenge.data.id;
  $('human-check-image').src = challenge.data.image;
  show('human-check');
  $('human-check-answer').focus();
  return true;
}

function hideHumanCheck() {
  state.humanCheck = null;
  $('human-check-answer').value = '';
  $('human-check-image').removeAttribute('src');
  show('human-check', false);
}

async function verify() {
  const phone = $('phone').value.trim();
  const code = $('code').value.trim();
  if (!/^\d{4,8}$/.test(code)) return say($('phone-note'), '请填写短信中的验证码。', 'bad');
  const verified = await api('/verification-codes/verify', { method: 'POST', body: { phone, code } });
  if (!verified.ok) return say($('phone-note'), problemSentence(verified.problem), 'bad');
  state.phone = phone;
  state.token = verified.data.token;
  state.tokenExpiresAt = verified.data.expiresAt;
  sessionStorage.setItem('yuyue.phone', phone);
  sessionStorage.setItem('yuyue.token', state.token);
  sessionStorage.setItem('yuyue.tokenExpiresAt', state.tokenExpiresAt);
  say($('phone-note'), '', 'info');
  renderVerified();
  if (!$('mine').hidden) loadMine();
}

// 5. Booking, with the waiting room at a release -------------------------------------------------

function bookingBody() {
  return {
    hallCode: state.hall.code, date: state.date, start: state.slot.start,
    taxpayerId: $('taxpayer-id').value.trim().toUpperCase(), taxpayerName: $('taxpayer-name').value.trim(),
    businessTypes: state.businessTypes,
  };
}

function formProblem() {
  if (!state.hall || !state.date || !state.slot) return '请选择办税服务厅、日期和时段。';
  if (state.businessTypes.length === 0) return '请至少选择一项办理业务。';
  const idProblem = taxpayerIdProblem($('taxpayer-id').value);
  if (idProblem) { $('taxpayer-id').focus(); return idProblem; }
  const name = $('taxpayer-name').value.trim();
  if (name.length < 2) { $('taxpayer-name').focus(); return '请填写纳税人名称或姓名（至少 2 个字）。'; }
  if (!tokenValid()) { $('phone').focus(); return '请先验证手机号。'; }
  return null;
}

async function book(admissionPass) {
  const problem = formProblem();
  if (problem) return say(message, problem, 'bad');
  const body = bookingBody();
  // The same booking retried (after a network failure or with a pass) keeps its key: never two places.
  if (!state.attempt || JSON.stringify(state.attempt.body) !== JSON.stringify(body)) {
    state.attempt = { key: newKey(), body };
  }
  $('book').disabled = true;
  say(message, '正在提交……', 'info');
  const headers = { 'Idempotency-Key': state.attempt.key };
  if (admissionPass) headers['Admission-Pass'] = admissionPass;
  const answer = await api('/bookings', { method: 'POST', body, token: state.token, headers });
  $('book').disabled = false;
  if (answer.ok) return showResult(answer.data);
  if (answer.problem.code === 'ADMISSION_REQUIRED' && answer.problem.releaseId) {
    return joinWaitingRoom(answer.problem.releaseId);
  }
  if (answer.problem.code === 'VERIFICATION_REQUIRED') {
    state.token = null;
    sessionStorage.removeItem('yuyue.token');
    renderVerified();
  }
  if (answer.problem.code === 'SLOT_FULL') chooseDay(state.date, true);
  fail(answer);
}

async function joinWaitingRoom(releaseId) {
  say(message, problemSentence({ code: 'ADMISSION_REQUIRED' }), 'info');
  const joined = await api(`/releases/${encodeURIComponent(releaseId)}/halls/${state.hall.code}/tickets`,
    { method: 'POST', token: state.token });
  if (!joined.ok) return fail(joined);
  show('waiting-room');
  $('book').disabled = true;
  showTicket(releaseId, joined.data);
  if (joined.data.state !== 'WAITING') return;
  state.stopTicket?.();
  const url = `/api/v1/releases/${encodeURIComponent(releaseId)}/tickets/${encodeURIComponent(joined.data.ticket)}/stream`;
  state.stopTicket = liveStream(url, {
    headers: () => ({ Authorization: `Bearer ${state.token}` }),
    onEvent: (event) => showTicket(releaseId, JSON.parse(event.data)),
  });
}

function showTicket(releaseId, ticket) {
  $('ahead').textContent = ticket.ahead === undefined ? '—' : `${ticket.ahead} 人`;
  $('wait').textContent = ticket.estimatedWaitSeconds === undefined ? '—'
    : ticket.estimatedWaitSeconds < 60 ? '不到 1 分钟' : `约 ${Math.ceil(ticket.estimatedWaitSeconds / 60)} 分钟`;
  const names = { WAITING: '排队中', ADMITTED: '已轮到您，正在提交预约', SOLD_OUT: '这一天的号源已约满', EXPIRED: '排队资格已过期' };
  $('ticket-state').textContent = names[ticket.state] || ticket.state;
  if (ticket.state === 'WAITING') return;
  state.stopTicket?.();
  state.stopTicket = null;
  $('book').disabled = false;
  if (ticket.state === 'ADMITTED' && ticket.pass) {
    show('waiting-room', false);
    book(ticket.pass);
  } else if (ticket.state === 'SOLD_OUT') {
    say(message, '这一天这个办税服务厅的号源已约满，请选择其他日期或办税服务厅。', 'bad');
  } else if (ticket.state === 'EXPIRED') {
    say(message, '排队资格已过期（轮到您后约 2 分钟内未提交），请重新提交预约。', 'bad');
  }
}

function showResult(booking) {
  say(message, '', 'info');
  for (const id of ['step-hall', 'step-slot', 'step-details', 'step-phone', 'step-submit', 'waiting-room']) show(id, false);
  const hall = state.halls.find((h) => h.code === booking.hallCode);
  const names = new Map((state.businessTypeList || []).map((t) => [t.code, t.name]));
  $('appointment-no').textContent = booking.appointmentNo;
  const facts = [
    ['办税服务厅', hall ? hall.name : booking.hallCode],
    ['地址', hall ? hall.address : ''],
    ['时间', `${formatDay(String(booking.date))} ${booking.start}-${booking.end}`],
    ['纳税人', booking.taxpayerName],
    ['办理业务', booking.businessTypes.map((c) => names.get(c) || c).join('、')],
    ['取消截止', formatDateTime(booking.cancelDeadline)],
  ];
  if (booking.transferNeeded?.length) facts.push(['内部转号', booking.transferNeeded.map((c) => names.get(c) || c).join('、')]);
  $('result-facts').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
  const person = /^\d{17}[\dX]$/.test(booking.taxpayerId) && !booking.taxpayerId.startsWith('9');
  const bring = [person ? '本人有效身份证件原件' : '经办人有效身份证件原件；营业执照（或统一社会信用代码证书）复印件',
    '预约号（本页面或预约短信）'];
  for (const code of booking.businessTypes) if (BRING[code]) bring.push(BRING[code]);
  $('bring').replaceChildren(...bring.map((item) => el('li', {}, item)));
  show('result');
  $('result').focus();
  state.attempt = null;
}

// 6. My bookings: cancel, answer a reschedule ----------------------------------------------------

async function loadMine() {
  show('mine');
  const list = $('my-bookings');
  if (!tokenValid()) {
    show('mine-needs-phone');
    show('step-phone');
    renderVerified();
    list.replaceChildren();
    return;
  }
  show('mine-needs-phone', false);
  const mine = await api('/bookings', { token: state.token });
  if (!mine.ok) return fail(mine);
  if (mine.data.length === 0) {
    list.replaceChildren(el('li', {}, '这个手机号还没有预约。'));
    return;
  }
  list.replaceChildren(...mine.data.map(renderBooking));
  for (const booking of mine.data.filter((b) => b.status === 'RESCHEDULE_PROPOSED')) loadProposal(booking);
}

function renderBooking(booking) {
  const hall = state.halls.find((h) => h.code === booking.hallCode);
  const cancellable = booking.status === 'BOOKED' && new Date(booking.cancelDeadline) > new Date();
  return el('li', { 'data-booking': booking.id },
    el('strong', {}, `${booking.appointmentNo} · ${STATUS_NAMES[booking.status] || booking.status}`),
    el('div', {}, `${hall ? hall.name : booking.hallCode}，${formatDay(String(booking.date))} ${booking.start}-${booking.end}`),
    el('div', { class: 'hint' }, booking.taxpayerName),
    el('div', { class: 'proposal' }),
    el('div', { class: 'actions' }, cancellable
      ? el('button', { type: 'button', onclick: () => cancel(booking) }, `取消预约（${formatDateTime(booking.cancelDeadline)}前）`)
      : ''));
}

async function cancel(booking) {
  if (!window.confirm(`确定取消 ${formatDay(String(booking.date))} ${booking.start} 的预约 ${booking.appointmentNo}？`)) return;
  const answer = await api(`/bookings/${booking.id}`, { method: 'DELETE', token: state.token });
  if (!answer.ok) return fail(answer);
  say(message, `预约 ${booking.appointmentNo} 已取消。`, 'ok');
  loadMine();
}

async function loadProposal(booking) {
  const answer = await api(`/bookings/${booking.id}/reschedule`, { token: state.token });
  const slot = document.querySelector(`[data-booking="${booking.id}"] .proposal`);
  if (!answer.ok || !slot) return;
  const proposal = answer.data;
  slot.replaceChildren(
    el('p', {}, `办税服务厅因“${proposal.reason}”提议改到 ${formatDay(String(proposal.date))} ${proposal.start}-${proposal.end}，`
      + `请在 ${formatDateTime(proposal.deadline)} 前答复。`),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'primary', onclick: () => answerProposal(booking, 'accept') }, '接受新时间'),
      el('button', { type: 'button', onclick: () => answerProposal(booking, 'decline') }, '不接受')));
}

async function answerProposal(booking, answer) {
  const sent = await api(`/bookings/${booking.id}/reschedule/${answer}`, { method: 'POST', token: state.token });
  if (!sent.ok) return fail(sent);
  say(message, answer === 'accept' ? `已改约，新的预约号是 ${sent.data.appointmentNo}。` : '已答复不接受，原预约已撤销，不计为未到。', 'ok');
  loadMine();
}

// Wiring ------------------------------------------------------------------------------------------

$('city').addEventListener('change', renderHalls);
$('hall-search').addEventListener('input', renderHalls);
$('taxpayer-id').addEventListener('input', checkTaxpayerId);
$('taxpayer-name').addEventListener('input', () => {
  const short = $('taxpayer-name').value.trim().length < 2;
  $('taxpayer-name').setAttribute('aria-invalid', String(short && $('taxpayer-name').value.length > 0));
});
$('send-code').addEventListener('click', sendCode);
$('verify').addEventListener('click', verify);
$('human-check-refresh').addEventListener('click', newHumanCheck);
$('human-check-answer').addEventListener('keydown', (event) => { if (event.key === 'Enter') sendCode(); });
$('code').addEventListener('keydown', (event) => { if (event.key === 'Enter') verify(); });
$('book').addEventListener('click', () => book());
$('again').addEventListener('click', () => {
  show('result', false);
  for (const id of ['step-hall', 'step-slot', 'step-details', 'step-phone', 'step-submit']) show(id);
  chooseDay(state.date, true);
});
$('show-mine').addEventListener('click', () => { loadMine(); $('mine').focus(); });
renderVerified();
loadHalls();

// Shared by the three pages: calling the API, problems as Chinese sentences, live event streams,
// the taxpayer id check and small DOM helpers. Plain ES module, no build step.

/** What each problem code means to the person in front of the page. */
const PROBLEM_SENTENCES = {
  VALIDATION_FAILED: '填写的内容有误，请按提示修改后再提交。',
  VERIFICATION_REQUIRED: '手机验证已失效，请重新获取验证码并验证手机号。',
  FORBIDDEN: '您没有权限查看或办理这项内容。',
  HALL_NOT_FOUND: '找不到这个办税服务厅，请重新选择。',
  SLOT_NOT_FOUND: '这个时段不存在，请重新选择时段。',
  BOOKING_NOT_FOUND: '找不到这条预约。',
  SLOT_FULL: '这个时段已约满，请选择其他时段或日期。',
  DUPLICATE_BOOKING: '该纳税人当天在这个办税服务厅已有预约，无需重复预约。',
  TOO_MANY_ACTIVE_BOOKINGS: '这个手机号名下的有效预约已达上限，请先取消不需要的预约。',
  OUTSIDE_BOOKING_WINDOW: '这一天或这个时段不在可预约时间内（未来 7 天内的工作日，当天须提前 3 小时）。',
  CANCEL_TOO_LATE: '距离预约时段已不足 3 小时，不能再取消。',
  IDEMPOTENCY_KEY_REUSED: '提交编号已用于另一份预约，请刷新页面后重新提交。',
  BOOKING_NOT_ACTIVE: '这条预约已取消、已签到或已结束。',
  REQUEST_IN_PROGRESS: '正在处理您的提交，请稍候。',
  BOOKER_LOCKED: '因多次预约未到，暂时不能预约。',
  RATE_LIMITED: '操作过于频繁，请稍后再试。',
  HUMAN_CHECK_REQUIRED: '本网络获取验证码较多，请先输入图形验证码中的字符。',
  HUMAN_CHECK_FAILED: '图形验证码不正确或已过期，已换一张，请重新输入。短信验证码未发送。',
  ADMISSION_REQUIRED: '这一天正在放号排队，已为您加入排队。',
  TRY_LATER: '当前办理人数较多，本次未做任何预约或修改，请稍后再试。',
  INTERNAL_ERROR: '系统出错，本次未做任何修改，请稍后再试。',
  NOT_FOUND: '请求的内容不存在。',
  UNAUTHENTICATED: '登录已失效，请重新登录。',
  PASSWORD_CHANGE_REQUIRED: '请先修改初始密码。',
  SIGN_IN_FAILED: '用户名或密码不正确。',
  ACCOUNT_LOCKED: '密码错误次数过多，账号已暂时锁定，请稍后再试。',
  WRONG_PASSWORD: '当前密码不正确，密码未修改。',
  APPOINTMENT_NOT_FOUND: '今天本厅没有这个预约号，请核对。',
  NAME_MISMATCH: '预约号与纳税人名称不一致，请核对。',
  WRONG_DAY: '这个预约号不是今天的预约。',
  WRONG_HALL: '这个预约号是在其他办税服务厅预约的。',
  TOO_EARLY: '还没到签到时间（预约时段开始前 60 分钟起可签到）。',
  TOO_LATE: '预约时段已过，不能再签到。',
  ALREADY_CHECKED_IN: '这条预约已经签到过了。',
  NOT_CHECKED_IN: '这条预约还没有签到，不能打印办税单。',
  CAPACITY_BELOW_BOOKED: '调整后的名额少于已预约人数，未做修改。',
  SLOT_HAS_BOOKINGS: '该时段或当天已有预约，请先为这些预约提出改约。',
  CLOSURE_NOT_FOUND: '找不到这条闭厅记录。',
  NOT_LOCKED: '该手机号目前没有被暂停预约。',
  NO_PROPOSAL: '这条预约没有待答复的改约提议。',
  PROPOSAL_ANSWERED: '这个改约提议已经答复过了。',
  PROPOSAL_EXPIRED: '这个改约提议已过答复期限。',
  PROPOSAL_LOST: '提议的新时段已无名额，原预约已由办税服务厅撤销，请重新预约。',
  SAME_SLOT: '新时段与原时段相同。',
  TOO_LATE_TO_RESCHEDULE: '距离预约时段太近，不能再提出改约。',
  USERNAME_TAKEN: '该用户名已被使用。',
  NETWORK: '网络连接失败，请检查网络后重试。',
};

/** A problem+json body (or a network failure) as one Chinese sentence. */
export function problemSentence(problem) {
  if (!problem) return PROBLEM_SENTENCES.NETWORK;
  const known = PROBLEM_SENTENCES[problem.code];
  if (problem.code === 'BOOKER_LOCKED' && problem.lockedUntil) {
    return `${known}恢复时间：${formatDateTime(problem.lockedUntil)}。`;
  }
  if (problem.code === 'VALIDATION_FAILED' && problem.detail) return problem.detail;
  if (known) return known;
  // A code this page does not know yet: the service writes title and detail in Chinese.
  return [problem.title, problem.detail].filter(Boolean).join('：') || PROBLEM_SENTENCES.TRY_LATER;
}

/**
 * Calls the API. Resolves to {ok, status, data, problem, headers}; never rejects, so every caller
 * shows a sentence instead of an exception.
 */
export async function api(path, { method = 'GET', body, token, headers = {} } = {}) {
  const sent = { 'Accept-Language': 'zh-CN', Accept: 'application/json, application/problem+json', ...headers };
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  if (token) sent.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store',
    });
  } catch (failure) {
    return { ok: false, status: 0, problem: { code: 'NETWORK' } };
  }
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    try { data = await response.json(); } catch (ignored) { data = null; }
  } else if (response.status !== 204) {
    data = await response.text();
  }
  if (response.ok) return { ok: true, status: response.status, data, headers: response.headers };
  const problem = data && typeof data === 'object' ? data : { code: `HTTP_${response.status}` };
  return { ok: false, status: response.status, problem, headers: response.headers };
}

/**
 * Reads a server-sent event stream with fetch (unlike EventSource it can send a Bearer token and
 * sees the heartbeat comments, which is how a page knows the line is alive). Reconnects with
 * growing pauses and sends Last-Event-ID, so no event is missed across a reconnect.
 * Returns a function that stops it.
 */
export function liveStream(url, { headers = () => ({}), onEvent, onAlive = () => {}, onState = () => {} }) {
  const stopper = new AbortController();
  let lastEventId = null;
  let pause = 1000;
  (async () => {
    while (!stopper.signal.aborted) {
      onState('connecting');
      try {
        const sent = { Accept: 'text/event-stream', 'Accept-Language': 'zh-CN', ...headers() };
        if (lastEventId) sent['Last-Event-ID'] = lastEventId;
        const response = await fetch(url, { headers: sent, signal: stopper.signal, cache: 'no-store' });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        onState('open');
        pause = 1000;
        await readEvents(response.body, (event) => {
          if (event.id) lastEventId = event.id;
          onAlive();
          onEvent(event);
        }, onAlive);
      } catch (failure) {
        if (stopper.signal.aborted) return;
      }
      onState('closed');
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 15000);
    }
  })();
  return () => stopper.abort();
}

async function readEvents(body, onEvent, onComment) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { event: 'message', data: [], id: null };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1));
      if (line === '') {
        if (event.data.length) onEvent({ event: event.event, id: event.id, data: event.data.join('\n') });
        event = { event: 'message', data: [], id: null };
      } else if (line.startsWith(':')) {
        onComment();
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.data.push(text);
        else if (field === 'event') event.event = text;
        else if (field === 'id') event.id = text;
      }
    }
  }
}

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECKS = '10X98765432';

function validCreditCode(id) {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARS.indexOf(id[i]);
    if (value < 0) return false;
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return id[17] === CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
}

function validResidentNumber(id) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * RESIDENT_WEIGHTS[i];
  return id[17] === RESIDENT_CHECKS[sum % 11];
}

function looksLikeResidentNumber(id) {
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  const isDate = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return isDate && !validCreditCode(id);
}

/**
 * Why a taxpayer id is not acceptable, in Chinese, or null: the same rules as the service
 * (GB 32100-2015 unified social credit code, GB 11643-1999 resident identity number).
 */
export function taxpayerIdProblem(raw) {
  const id = raw.trim().toUpperCase();
  if (id.length === 0) return '请填写纳税人识别号。';
  if (id.length !== 18) return `纳税人识别号应为 18 位，现在是 ${id.length} 位。`;
  if (/^\d{17}/.test(id) && looksLikeResidentNumber(id)) {
    return validResidentNumber(id) ? null : '身份证号码的校验位不正确，请核对最后一位。';
  }
  return validCreditCode(id) ? null : '统一社会信用代码的校验位不正确，请核对最后一位。';
}

export function phoneProblem(phone) {
  return /^1[3-9]\d{9}$/.test(phone.trim()) ? null : '请填写 11 位手机号码（13 至 19 开头）。';
}

/** Today's date in the province (Asia/Shanghai), as YYYY-MM-DD, whatever the device's zone. */
export function provinceDate(offsetDays = 0) {
  const now = new Date(Date.now() + offsetDays * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now);
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "12月3日 周四" for a YYYY-MM-DD date. */
export function formatDay(isoDate) {
  const [year, month, day] = isoDate.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${month}月${day}日 ${WEEKDAYS[weekday]}`;
}

export function formatDateTime(iso) {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(iso));
}

/** A fresh Idempotency-Key; getRandomValues also works where randomUUID is missing (plain http). */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** el('p', {class: 'x', onclick: fn}, 'text', child) */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Shows a message in a live region (read out by screen readers). */
export function say(region, text, kind = 'info') {
  region.textContent = text;
  region.dataset.kind = kind;
  region.hidden = !text;
}

// The parents' privacy center. It uses only the public API (/api/v1) that the mobile apps use.
// One view at a time (issue 19 item 9): the children as a paged list, one child, the account, the deletions and the
// notifications, each a hash route one step away in the nav; its words in English or Spanish (item 10).
import { Api, ApiError } from './api.js';
import { SignIn } from './oidc.js';
import { verifyReceipt, WrongReceipt } from './receipt.js';
import { date, h, replace, time, uid } from './dom.js';
import { currentLanguage, setLanguage, supported, t } from './i18n.js';

const CATEGORY_KEYS = ['PROFILE', 'PHOTOS', 'VOICE', 'CHAT', 'THIRD_PARTY_DISCLOSURE'];
// A name the catalog has, else the API's own word (a category or kind added later still shows).
const named = (prefix, key) => (t(`${prefix}.${key}`) === `${prefix}.${key}` ? key : t(`${prefix}.${key}`));
const categoryName = (category) => named('category', category);
const shortCategoryName = (category) => categoryName(category).split(' (')[0];
const serviceName = (service) => named('service', service);
const methodName = (method) => named('method', method);
const kindName = (kind) => (t(`kind.${kind}`) === `kind.${kind}` ? kind.replace(/[-_]/g, ' ') : t(`kind.${kind}`));
const CHILDREN_PER_PAGE = 20;
const PROFILES_READ_AT_ONCE = 3;
// The route and the invitation token the parent came with survive the sign-in redirect here (not the tokens).
const ROUTE_KEY = 'kidsafe.privacy-center.route';
const INVITATION_KEY = 'kidsafe.privacy-center.invitation';

const $ = (id) => document.getElementById(id);
const state = {
  notice: null,
  children: [], // every child of the parent (ids, consents), for names and the child view
  profiles: new Map(), // childId -> profile, as far as read
  pages: [null], // the `after` cursor of each page of the children list seen so far
  page: 0,
  erasures: new Map(),
};
let signIn;
let api;

function say(message) {
  replace($('status'), message);
}

function warn(message) {
  replace($('alert'), message);
}

/** Runs a parent's action: clears old messages, reports failures in plain words. */
async function act(work) {
  warn('');
  try {
    await work();
  } catch (error) {
    warn(plainError(error));
  }
}

function plainError(error) {
  if (error instanceof ApiError) {
    const slug = String(error.problem.type || '');
    if (slug.endsWith('verification-required')) return t('error.verification');
    if (error.status === 401) return t('error.signIn');
    if (error.status === 429) return t('error.rateLimit');
    if (error.status >= 500) return t('error.server');
    if (!error.problem.detail && !error.problem.title) return t('error.failed', { status: error.status });
  }
  return error.message;
}

/** A contract API another part of KidSafe may not offer yet answers 404: the view says "not available", never breaks. */
const notOffered = (error) => error instanceof ApiError && error.status === 404;

/** Asks for confirmation in an accessible modal dialog; resolves to true if confirmed. */
function confirmAction(title, text, yes) {
  const dialog = $('confirm');
  replace($('confirm-title'), title);
  replace($('confirm-text'), text);
  replace($('confirm-yes'), yes);
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
  });
}

/** Keeps keyboard focus on "the same" control when a part of the page is drawn again. */
async function redraw(container, draw) {
  const key = document.activeElement && container.contains(document.activeElement) ? document.activeElement.dataset.key : null;
  await draw();
  const again = key && container.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (again) again.focus();
}

function retention(iso) {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(iso || '');
  if (!match) return null;
  const [, years, months, weeks, days] = match.map((part) => (part ? Number(part) : 0));
  return { years, months, days: days + weeks * 7 };
}

function retentionText(iso) {
  const period = retention(iso);
  if (!period) return iso || t('untilDeleted');
  const words = [];
  if (period.years) words.push(t('years', { n: period.years }));
  if (period.months) words.push(t('months', { n: period.months }));
  if (period.days) words.push(t('days', { n: period.days }));
  return words.join(t('and'));
}

function deletedBy(oldest, iso) {
  const period = retention(iso);
  if (!oldest || !period) return null;
  const when = new Date(oldest);
  when.setUTCFullYear(when.getUTCFullYear() + period.years, when.getUTCMonth() + period.months, when.getUTCDate() + period.days);
  return when.toISOString();
}

function childName(child) {
  const profile = state.profiles.get(child.childId);
  return (profile && profile.displayName) || t('child.addedOn', { date: date(child.createdAt) });
}

// ---------------------------------------------------------------- views and routes

const VIEWS = ['children', 'child', 'account', 'history', 'notifications'];

/** The view a hash names: #/children/{id} is one child; no hash or an unknown one is the list of children. */
function parseRoute(hash) {
  const match = /^#\/([a-z]+)(?:\/([0-9a-fA-F-]{36}))?$/.exec(hash || '');
  if (!match) return { view: 'children' };
  if (match[1] === 'children' && match[2]) return { view: 'child', childId: match[2] };
  return { view: VIEWS.includes(match[1]) && match[1] !== 'child' ? match[1] : 'children' };
}

function show(view) {
  for (const name of VIEWS) $(`view-${name}`).hidden = name !== view;
  for (const link of document.querySelectorAll('.page-nav a')) {
    const here = link.dataset.view === (view === 'child' ? 'children' : view);
    if (here) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** Draws the view of the address bar's hash; `focus` moves keyboard focus to its heading (after a click in the nav). */
async function route({ focus = true } = {}) {
  const hash = window.location.hash;
  // In-page anchors (the skip link's #main) and an invitation link are not views: the current view stays.
  if (hash && !hash.startsWith('#/')) return;
  const { view, childId } = parseRoute(hash);
  show(view);
  if (view === 'children') await drawChildList();
  if (view === 'child') await openChild(childId);
  if (view === 'notifications') await drawNotifications();
  if (focus) {
    const heading = view === 'child' ? document.getElementById(`child-title-${childId}`) : $(`${view}-title`);
    if (heading) heading.focus();
  }
}

function go(hash) {
  if (window.location.hash === hash) return act(() => route());
  window.location.hash = hash; // hashchange draws it
  return null;
}

// ---------------------------------------------------------------- verification

async function drawVerification() {
  const status = await api.get('/verification');
  const container = $('verification');
  const passed = status.passed || [];
  const best = passed.reduce((top, p) => (!top || p.assuranceLevel > top.assuranceLevel ? p : top), null);
  const unlocked = new Set(status.methods.filter((m) => passed.some((p) => p.method === m.name)).flatMap((m) => m.unlocks));
  replace(container,
    h('p', { id: 'verification-summary', tabindex: -1 }, best
      ? t('verification.checked', { method: methodName(best.method), level: best.assuranceLevel })
      : t('verification.notYet')),
    passed.length > 0 && h('ul', {}, passed.map((p) =>
      h('li', {}, t('verification.doneOn', { method: methodName(p.method) }), time(p.verifiedAt)))),
    h('p', {}, unlocked.size > 0
      ? t('verification.unlocks', { list: [...unlocked].map(categoryName).join(', ') })
      : t('verification.nothing')),
    status.methods
      .filter((method) => !passed.some((p) => p.method === method.name))
      .map((method) => raiseMethod(method, status.consentForms || [])));
}

function raiseMethod(method, forms) {
  const unlocks = method.unlocks.map(categoryName).join(', ');
  const title = uid('method');
  if (method.name === 'email-plus') return emailCheck(method, unlocks, title);
  if (method.name === 'signed-consent-form') return signedForm(method, unlocks, title, forms);
  return h('section', { class: 'method', 'aria-labelledby': title },
    h('h3', { id: title }, methodName(method.name)), h('p', {}, t('verification.letsYou', { list: unlocks })));
}

function emailCheck(method, unlocks, title) {
  const emailId = uid('email');
  const codeId = uid('code');
  const codeHelp = uid('code-help');
  const codeStep = h('form', { class: 'stack', hidden: true },
    h('label', { for: codeId }, t('email.code')),
    h('p', { id: codeHelp, class: 'hint' }, t('email.codeHelp')),
    h('input', { id: codeId, name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{8}',
      maxlength: 8, required: true, 'aria-describedby': codeHelp }),
    h('button', { type: 'submit', class: 'primary' }, t('email.confirm')));
  const emailStep = h('form', { class: 'stack' },
    h('label', { for: emailId }, t('email.address')),
    h('input', { id: emailId, name: 'email', type: 'email', autocomplete: 'email', required: true }),
    h('button', { type: 'submit', class: 'primary' }, t('email.send')));
  let challengeId = null;
  emailStep.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      const sent = await api.post('/verification/email', { email: emailStep.elements.email.value.trim() });
      challengeId = sent.challengeId;
      codeStep.hidden = false;
      say(t('email.sent'));
      codeStep.elements.code.focus();
    });
  });
  codeStep.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      await api.post('/verification/email/confirmation', { challengeId, code: codeStep.elements.code.value.trim() });
      say(t('email.done'));
      await drawVerification();
      $('verification-summary').focus();
    });
  });
  return h('section', { class: 'method', 'aria-labelledby': title },
    h('h3', { id: title }, t('email.title', { method: methodName(method.name) })),
    h('p', {}, t('email.text', { list: unlocks })),
    emailStep, codeStep);
}

function signedForm(method, unlocks, title, forms) {
  const fileId = uid('form-file');
  const helpId = uid('form-help');
  const upload = h('form', { class: 'stack' },
    h('label', { for: fileId }, t('form.file')),
    h('p', { id: helpId, class: 'hint' }, t('form.help')),
    h('input', { id: fileId, name: 'form', type: 'file', accept: 'application/pdf,image/png,image/jpeg', required: true,
      'aria-describedby': helpId }),
    h('button', { type: 'submit', class: 'secondary' }, t('form.send')));
  upload.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      await api.upload('/verification/consent-forms', upload.elements.form.files[0]);
      say(t('form.received'));
      await drawVerification();
    });
  });
  return h('section', { class: 'method', 'aria-labelledby': title },
    h('h3', { id: title }, t('form.title', { method: methodName(method.name) })),
    h('p', {}, t('form.text', { list: unlocks })),
    forms.length > 0 && h('ul', {}, forms.map((form) =>
      h('li', {}, t('form.sentOn'), time(form.submittedAt), `: ${named('formState', form.status)}`))),
    upload);
}

// ---------------------------------------------------------------- notice

async function loadNotice() {
  state.notice = await api.get('/notices/current', { anonymous: true });
  drawNotice();
}

function drawNotice() {
  const notice = state.notice;
  if (!notice) return;
  replace($('notice'),
    h('p', {}, t('notice.version', { version: notice.version }), time(notice.publishedAt), '.'),
    h('ul', {}, (notice.categories || []).map((category) =>
      h('li', {}, h('strong', {}, `${categoryName(category.category)}: `), category.purpose,
        retention(category.retention) ? t('notice.keptFor', { period: retentionText(category.retention) }) : t('notice.keptUntilDeleted'),
        category.thirdParties && category.thirdParties.length > 0 ? t('notice.sharedWith', { list: category.thirdParties.join(', ') }) : ''))),
    h('details', {}, h('summary', {}, t('notice.read')), h('div', { class: 'notice-text' }, notice.text)));
}

function purposeOf(category) {
  const entry = ((state.notice && state.notice.categories) || []).find((c) => c.category === category);
  return entry ? entry.purpose : '';
}

// ---------------------------------------------------------------- children: the list, then one child

/** Every child of the parent: one request of up to 200 (ids and consents only), for names and the child view. */
async function loadChildren() {
  state.children = await api.all('/children');
  return state.children;
}

/** The profiles of `children` not read yet, a few at a time (the per-parent rate limit); `drawn` after each. */
async function readProfiles(children, drawn) {
  const queue = children.filter((child) => !state.profiles.has(child.childId));
  const worker = async () => {
    for (let child = queue.shift(); child; child = queue.shift()) {
      state.profiles.set(child.childId, await api.get(`/children/${child.childId}/profile`).catch(() => null));
      drawn(child);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROFILES_READ_AT_ONCE, queue.length) }, worker));
}

/**
 * The children as a list to pick from, a page of CHILDREN_PER_PAGE at a time as the API pages them (issue 19 item 9:
 * with 40 children the single page of every child was 64,000 pixels tall).
 */
async function drawChildList() {
  const after = state.pages[state.page];
  const page = await api.get(`/children?limit=${CHILDREN_PER_PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
  const container = $('children');
  if (page.items.length === 0 && state.page === 0) {
    replace(container, h('p', {}, t('children.none')));
    return;
  }
  const first = state.page * CHILDREN_PER_PAGE + 1;
  const rangeId = uid('range');
  const links = new Map();
  const choice = (child) => {
    const allowed = child.consents.filter((consent) => consent.state === 'GRANTED').length;
    const renewal = child.consents.some((consent) => consent.state === 'GRANTED' && consent.renewalDueAt);
    const link = h('a', { href: `#/children/${child.childId}` }, childName(child));
    links.set(child.childId, link);
    return h('li', { class: 'child-choice', 'data-child': child.childId },
      link, ' ', h('span', { class: 'hint' }, t('children.allowed', { count: allowed })),
      renewal && [' ', h('span', { class: 'badge renewal-due' }, t('children.renewal'))]);
  };
  replace(container,
    h('p', {}, t('children.pick')),
    h('h2', { id: rangeId, tabindex: -1, class: 'range' }, t('children.range', { from: first, to: first + page.items.length - 1 })),
    h('ul', { class: 'child-list', 'aria-labelledby': rangeId }, page.items.map(choice)),
    (state.page > 0 || page.next) && h('div', { class: 'actions' },
      state.page > 0 && h('button', { type: 'button', class: 'secondary', onclick: () => act(() => turnPage(-1)) }, t('children.previous')),
      page.next && h('button', { type: 'button', class: 'secondary', onclick: () => act(() => turnPage(1, page.next)) }, t('children.next'))));
  await readProfiles(page.items, (child) => replace(links.get(child.childId), childName(child)));
}

async function turnPage(step, next) {
  state.page += step;
  if (next) state.pages[state.page] = next;
  await drawChildList();
  $('children').querySelector('.range').focus();
}

/** The one child of #/children/{id}: the parent's own children only (the API refuses others anyway). */
async function openChild(childId) {
  const child = (await loadChildren()).find((known) => known.childId === childId);
  if (!child) {
    replace($('child'), h('h1', { id: `child-title-${childId}`, tabindex: -1 }, t('children.unknown')));
    return;
  }
  replace($('child'), h('article', { class: 'child', id: `child-${child.childId}`, 'data-child': child.childId }));
  await drawChild(child);
}

async function drawChild(child) {
  const article = document.getElementById(`child-${child.childId}`);
  if (!article) return;
  const base = `/children/${child.childId}`;
  const [profile, toys, holdings] = await Promise.all([
    api.get(`${base}/profile`).catch(() => null),
    api.all(`${base}/toys`).catch(() => []),
    // A service that has not heard of the child yet (consent travels as events) answers 404: nothing kept there.
    api.get(`${base}/holdings`).catch((error) => ({ failed: notOffered(error) ? t('error.nothingKept') : plainError(error) })),
  ]);
  state.profiles.set(child.childId, profile);
  const titleId = `child-title-${child.childId}`;
  article.setAttribute('aria-labelledby', titleId);
  await redraw(article, () => replace(article,
    h('h1', { id: titleId, tabindex: -1 }, childName(child)),
    h('p', { class: 'hint' }, profile ? [t('child.addedOnShort'), time(child.createdAt), '. '] : '', t('child.number'),
      h('code', {}, child.childId.slice(0, 8))),
    profileSection(child, profile),
    consentSection(child),
    toysSection(child, toys),
    holdingsSection(holdings),
    householdSection(child),
    controlSection(child)));
}

async function refreshChild(childId) {
  const child = (await loadChildren()).find((c) => c.childId === childId);
  if (child) await drawChild(child);
  else go('#/children');
}

function section(title, ...content) {
  const id = uid('part');
  return h('section', { class: 'part', 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

const AGE_GROUPS = ['UNDER_5', 'AGE_5_7', 'AGE_8_10', 'AGE_11_12'];
const AVATARS = ['BEAR', 'CAT', 'DINOSAUR', 'DOG', 'DRAGON', 'FOX', 'OWL', 'PANDA', 'PENGUIN', 'RABBIT', 'ROBOT', 'ROCKET', 'UNICORN', 'WHALE'];
const CHILD_LANGUAGES = ['en-US', 'es-US', 'fr-CA', 'de-DE', 'zh-CN'];
const lower = (text) => text.charAt(0) + text.slice(1).toLowerCase();
const options = (keys, prefix) => Object.fromEntries(keys.map((key) => [key, named(prefix, key)]));

function profileSection(child, profile) {
  const allowed = child.consents.some((c) => c.category === 'PROFILE' && c.state === 'GRANTED');
  const facts = profile && h('dl', { class: 'facts' },
    [[t('profile.nickname'), profile.displayName],
      [t('profile.ageGroup'), profile.ageBand && named('age', profile.ageBand)],
      [t('profile.birthMonth'), profile.birthYear ? `${profile.birthMonth}/${profile.birthYear}` : null],
      [t('profile.picture'), profile.avatar && lower(profile.avatar)],
      [t('profile.language'), profile.preferredLanguage && named('childLanguage', profile.preferredLanguage)]]
      .filter(([, value]) => value).map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]),
    h('dt', {}, t('profile.lastChanged')), h('dd', {}, time(profile.updatedAt || profile.createdAt)));
  if (!allowed) {
    return section(t('profile.title'), facts || h('p', {}, t('profile.noneAllow')));
  }
  const form = profileForm(child, profile);
  return section(t('profile.title'),
    facts || h('p', {}, t('profile.noneYet')),
    profile ? h('details', {}, h('summary', {}, t('profile.change')), form) : form);
}

function profileForm(child, profile) {
  const ids = { name: uid('nickname'), nameHelp: uid('nickname-help'), age: uid('age'), avatar: uid('avatar'), language: uid('language') };
  const current = profile || {};
  const select = (id, name, choices, value) => h('select', { id, name, required: true },
    Object.entries(choices).map(([key, text]) => h('option', { value: key, selected: key === value }, text)));
  const form = h('form', { class: 'stack' },
    h('label', { for: ids.name }, t('profile.nickname')),
    h('p', { id: ids.nameHelp, class: 'hint' }, t('profile.nicknameHelp')),
    h('input', { id: ids.name, name: 'displayName', required: true, maxlength: 64, autocomplete: 'off', value: current.displayName,
      'aria-describedby': ids.nameHelp }),
    h('button', { type: 'button', class: 'secondary', 'data-key': 'suggest', onclick: () => act(async () => {
      const { suggestions } = await api.get('/display-names/suggestions?count=1');
      form.elements.displayName.value = suggestions[0];
      form.elements.displayName.focus();
    }) }, t('profile.suggest')),
    h('label', { for: ids.age }, t('profile.ageGroup')),
    select(ids.age, 'ageBand', options(AGE_GROUPS, 'age'), current.ageBand || 'AGE_8_10'),
    h('label', { for: ids.avatar }, t('profile.picture')),
    select(ids.avatar, 'avatar', Object.fromEntries(AVATARS.map((a) => [a, lower(a)])), current.avatar || 'BEAR'),
    h('label', { for: ids.language }, t('profile.language')),
    select(ids.language, 'preferredLanguage', options(CHILD_LANGUAGES, 'childLanguage'), current.preferredLanguage || 'en-US'),
    h('button', { type: 'submit', class: 'primary', 'data-key': 'save-profile' }, t('profile.save')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      const fields = Object.fromEntries(['displayName', 'ageBand', 'avatar', 'preferredLanguage']
        .map((name) => [name, form.elements[name].value.trim()]));
      await api.request('PUT', `/children/${child.childId}/profile`, { json: fields });
      say(t('profile.saved'));
      await refreshChild(child.childId);
    });
  });
  return form;
}

function consentSection(child) {
  const current = state.notice ? state.notice.version : null;
  return section(t('consents.title'),
    renewalBanner(child),
    h('ul', { class: 'consents' }, child.consents.map((consent) => {
      const label = categoryName(consent.category);
      const granted = consent.state === 'GRANTED';
      const detail = consent.noticeVersion
        ? [t(granted ? 'consents.agreed' : 'consents.hadAgreed', { version: consent.noticeVersion }),
          consent.since ? [t(granted ? 'consents.on' : 'consents.stoppedOn'), time(consent.since)] : '', '.',
          granted && current && consent.noticeVersion < current ? t('consents.newer', { version: current }) : '']
        : t('consents.never');
      return h('li', { class: `consent ${granted ? 'on' : 'off'}`, 'data-category': consent.category },
        h('p', { class: 'consent-name' }, h('strong', {}, label), ' ', h('span', { class: 'badge' }, named('consent', consent.state))),
        purposeOf(consent.category) && h('p', { class: 'hint' }, purposeOf(consent.category)),
        h('p', {}, detail),
        granted
          ? h('button', { type: 'button', class: 'danger', 'data-key': `revoke-${consent.category}`,
            onclick: () => act(() => revoke(child, consent.category)) }, t('consents.stop', { name: shortCategoryName(consent.category) }))
          : h('button', { type: 'button', class: 'primary', 'data-key': `grant-${consent.category}`,
            onclick: () => act(() => grant(child, consent.category)) }, t('consents.allow', { name: shortCategoryName(consent.category) })));
    })));
}

/**
 * Consents that need renewing after a material change of the notice (issue 19 item 3): the deadline, what changed since
 * the oldest version they were given under, and one button that grants them again under the current notice.
 */
function renewalBanner(child) {
  const due = child.consents.filter((consent) => consent.state === 'GRANTED' && consent.renewalDueAt);
  if (!due.length || !state.notice) return null;
  const since = Math.min(...due.map((consent) => consent.noticeVersion));
  const deadline = due.map((consent) => consent.renewalDueAt).sort()[0];
  const names = due.map((consent) => shortCategoryName(consent.category)).join(', ');
  const changes = h('div', { class: 'notice-changes' }, t('renewal.loading'));
  api.get(`/notices/${state.notice.version}/changes?since=${since}`)
    .then((diff) => replace(changes, diff.sections.map((part) => [
      h('p', {}, h('strong', {}, part.section)),
      h('ul', {},
        part.removed.map((line) => h('li', { class: 'removed' }, t('renewal.removed'), h('del', {}, line))),
        part.added.map((line) => h('li', { class: 'added' }, t('renewal.added'), h('ins', {}, line))))])))
    .catch(() => replace(changes, t('renewal.failed')));
  return h('div', { class: 'renewal', 'data-key': 'renewal' },
    h('p', {}, h('strong', {}, t('renewal.changed')),
      t('renewal.text', { child: childName(child), names }), time(deadline), t('renewal.after')),
    h('details', {}, h('summary', {}, t('renewal.since', { version: since })), changes),
    h('button', { type: 'button', class: 'primary', 'data-key': 'renew',
      onclick: () => act(() => renew(child, due)) }, t('renewal.button', { child: childName(child) })));
}

async function renew(child, due) {
  await loadNotice();
  for (const consent of due) {
    await api.post(`/children/${child.childId}/consents`, { category: consent.category, noticeVersion: state.notice.version });
  }
  say(t('renewal.done', { version: state.notice.version, child: childName(child) }));
  await refreshChild(child.childId);
}

async function grant(child, category) {
  if (!state.notice) await loadNotice();
  try {
    await api.post(`/children/${child.childId}/consents`, { category, noticeVersion: state.notice.version });
  } catch (error) {
    if (error instanceof ApiError && String(error.problem.type || '').endsWith('notice-outdated')) await loadNotice();
    throw error;
  }
  say(t('consents.saved', { category: categoryName(category), child: childName(child) }));
  await refreshChild(child.childId);
}

async function revoke(child, category) {
  const label = categoryName(category).toLowerCase();
  const yes = await confirmAction(t('consents.stopTitle', { category: categoryName(category) }),
    t('consents.stopText', { category: label, child: childName(child) }), t('consents.stopConfirm'));
  if (!yes) return;
  const started = await api.delete(`/children/${child.childId}/consents/${category}`);
  say(t('consents.stopped', { category: label, child: childName(child) }));
  follow(started.erasureId, child.childId, () => t('erasure.of', { list: categoryName(category), child: childName(child) }));
  await refreshChild(child.childId);
}

function toysSection(child, toys) {
  const codeBox = h('div', { class: 'pairing-code', role: 'status' });
  return section(t('toys.title'),
    toys.length === 0 ? h('p', {}, t('toys.none')) : h('ul', { class: 'toys' }, toys.map((toy) =>
      h('li', { class: 'toy', 'data-device': toy.deviceId },
        h('p', {}, h('strong', {}, t('toys.toy', { id: toy.deviceId })), ' ',
          toy.status === 'PAIRED' ? [t('toys.since'), time(toy.pairedAt)] : [t('toys.endedOn'), time(toy.endedAt)]),
        toy.status === 'PAIRED' && h('button', { type: 'button', class: 'secondary', 'data-key': `unpair-${toy.deviceId}`,
          onclick: () => act(() => unpair(child, toy.deviceId)) }, t('toys.disconnect', { id: toy.deviceId }))))),
    h('button', { type: 'button', class: 'secondary', 'data-key': 'pairing-code',
      onclick: () => act(async () => {
        const code = await api.post(`/children/${child.childId}/pairing-codes`);
        replace(codeBox, t('toys.code'), h('strong', { class: 'code' }, code.code), t('toys.codeUntil'), time(code.expiresAt, true), '.');
      }) }, t('toys.connect')),
    codeBox);
}

async function unpair(child, deviceId) {
  const yes = await confirmAction(t('toys.disconnectTitle', { id: deviceId }),
    t('toys.disconnectText', { child: childName(child) }), t('toys.disconnectConfirm'));
  if (!yes) return;
  await api.delete(`/children/${child.childId}/toys/${encodeURIComponent(deviceId)}`);
  say(t('toys.disconnected', { id: deviceId }));
  await refreshChild(child.childId);
}

function holdingsSection(holdings) {
  if (holdings.failed) return section(t('holdings.title'), h('p', {}, holdings.failed));
  return section(t('holdings.title'),
    holdings.partial && h('p', { class: 'hint' }, t('holdings.partial')),
    holdings.services.map((service) => {
      const name = serviceName(service.service);
      if (!service.available) return h('p', {}, t('holdings.unavailable', { service: name }));
      const entries = (service.holdings || []).filter((entry) => entry.count > 0);
      if (entries.length === 0) return h('p', { 'data-service': service.service }, t('holdings.nothing', { service: name }));
      const captionId = uid('caption');
      return h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0, 'data-service': service.service },
        h('table', {},
          h('caption', { id: captionId }, name),
          h('thead', {}, h('tr', {}, ['what', 'count', 'first', 'latest', 'keptFor', 'deletedBy']
            .map((column) => h('th', { scope: 'col' }, t(`holdings.${column}`))))),
          h('tbody', {}, entries.map((entry) => h('tr', {},
            h('th', { scope: 'row' }, kindName(entry.kind)),
            h('td', {}, String(entry.count)),
            h('td', {}, time(entry.oldest)),
            h('td', {}, time(entry.newest)),
            h('td', {}, retentionText(entry.retention)),
            h('td', {}, deletedBy(entry.oldest, entry.retention) ? [t('holdings.firstBy'), time(deletedBy(entry.oldest, entry.retention))]
              : t('holdings.whenAsked')))))));
    }));
}

/**
 * The child's parents and guardians (issue 19 item 4, GET /v1/children/{id}/guardians): each can invite another by
 * email, cancel an invitation, and remove a guardian or themselves but not the last one (409 last-guardian).
 */
function householdSection(child) {
  const content = h('div', { class: 'household' });
  drawHousehold(child, content).catch((error) => replace(content, h('p', {}, notOffered(error) ? t('notAvailable') : plainError(error))));
  return section(t('household.title'), content);
}

async function drawHousehold(child, content) {
  const base = `/children/${child.childId}`;
  const household = await api.get(`${base}/guardians`);
  const emailId = uid('invite-email');
  const invite = h('form', { class: 'stack' },
    h('label', { for: emailId }, t('household.inviteEmail')),
    h('input', { id: emailId, name: 'email', type: 'email', autocomplete: 'off', required: true }),
    h('button', { type: 'submit', class: 'secondary', 'data-key': 'invite' }, t('household.invite')));
  invite.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      const sent = await api.post(`${base}/invitations`, { email: invite.elements.email.value.trim() });
      say(t('household.inviteSent', { date: date(sent.expiresAt) }));
      await drawHousehold(child, content);
    });
  });
  const who = (guardian) => guardian.parentId.slice(0, 8);
  replace(content,
    h('ul', { class: 'guardians' }, household.guardians.map((guardian) => h('li', { 'data-parent': guardian.parentId },
      t('household.addedOn', { who: who(guardian) }), time(guardian.addedAt), guardian.you ? t('household.you') : '', ' ',
      h('button', { type: 'button', class: 'secondary', 'data-key': `remove-${guardian.parentId}`,
        onclick: () => act(() => removeGuardian(child, guardian, content)) },
      guardian.you ? t('household.leave') : t('household.remove', { who: who(guardian) }))))),
    household.invitations.length > 0 && h('ul', { class: 'invitations' }, household.invitations.map((invitation) => h('li', {},
      t('household.invited', { email: invitation.emailHint }), time(invitation.expiresAt), ' ',
      h('button', { type: 'button', class: 'secondary', 'data-key': `cancel-${invitation.invitationId}`,
        onclick: () => act(async () => {
          await api.delete(`${base}/invitations/${invitation.invitationId}`);
          await drawHousehold(child, content);
        }) }, t('household.cancelInvitation', { email: invitation.emailHint }))))),
    invite);
}

async function removeGuardian(child, guardian, content) {
  const who = guardian.you ? t('household.you').replace(/[()\s]/g, '') : guardian.parentId.slice(0, 8);
  const yes = await confirmAction(t('household.removeTitle', { who }), t('household.removeText', { child: childName(child) }),
    t('household.remove', { who }));
  if (!yes) return;
  try {
    await api.delete(`/children/${child.childId}/guardians/${guardian.parentId}`);
  } catch (error) {
    if (error instanceof ApiError && String(error.problem.type || '').endsWith('last-guardian')) throw new Error(t('household.last'));
    throw error;
  }
  say(t('household.removed', { child: childName(child) }));
  if (guardian.you) go('#/children');
  else await drawHousehold(child, content);
}

/** A link from an invitation email (<privacy center>#invitation=<token>), accepted once the parent is signed in. */
async function acceptInvitation() {
  const token = sessionStorage.getItem(INVITATION_KEY);
  if (!token) return;
  sessionStorage.removeItem(INVITATION_KEY);
  try {
    const { childId } = await api.post('/invitations/accept', { token });
    say(t('household.accepted'));
    window.history.replaceState(null, '', `#/children/${childId}`);
  } catch (error) {
    warn(notOffered(error) ? t('invitation.unavailable') : plainError(error));
  }
}

function controlSection(child) {
  return section(t('control.title'),
    h('p', {}, t('control.text')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', 'data-key': 'export', onclick: () => act(() => download(child)) },
        t('control.json')),
      h('button', { type: 'button', class: 'secondary', 'data-key': 'export-zip', onclick: () => act(() => downloadArchive(child)) },
        t('control.zip')),
      h('button', { type: 'button', class: 'danger', 'data-key': 'delete', onclick: () => act(() => deleteChild(child)) },
        t('control.delete'))));
}

async function download(child) {
  const exported = await api.get(`/children/${child.childId}/export`);
  saveFile(`kidsafe-export-${child.childId}.json`, JSON.stringify(exported, null, 2), 'application/json');
  say(exported.partial ? t('export.partial') : t('export.done'));
}

// The ZIP streams from KidSafe to the file where the browser lets the page write one (showSaveFilePicker), so a large
// archive is never whole in the page; elsewhere it is saved through memory, as the JSON copy is.
async function downloadArchive(child) {
  const name = `kidsafe-export-${child.childId}.zip`;
  let file = null;
  if (window.showSaveFilePicker) {
    try {
      // Asked first: the browser allows the picker only right after the click.
      file = await window.showSaveFilePicker({ suggestedName: name,
        types: [{ description: 'ZIP', accept: { 'application/zip': ['.zip'] } }] });
    } catch (refused) {
      if (refused.name === 'AbortError') return; // the parent closed the picker
      // Any other refusal (e.g. the picker is not allowed here): saved through memory below.
    }
  }
  say(t('export.preparing'));
  const answer = await api.download(`/children/${child.childId}/export`, 'application/zip');
  if (file) {
    await answer.body.pipeTo(await file.createWritable());
  } else {
    saveFile(name, await answer.blob(), 'application/zip');
  }
  // An item KidSafe could not include is named in the archive's missing.json; a broken download fails above.
  say(t('export.zipDone', { name }));
}

function saveFile(name, content, type) {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function deleteChild(child) {
  const yes = await confirmAction(t('delete.title', { child: childName(child) }), t('delete.text'), t('delete.confirm'));
  if (!yes) return;
  const started = await api.delete(`/children/${child.childId}`);
  say(t('delete.started', { child: childName(child) }));
  follow(started.erasureId, child.childId, () => t('erasure.everything', { child: childName(child) }));
  await loadChildren();
  state.pages = [null]; // a later page may start after the deleted child: the list starts again at its first page
  state.page = 0;
  go('#/history');
}

// Issue 19 item 5: DELETE /v1/me erases every child (one receipt each), then the parent's details, then the account.
async function leave() {
  const yes = await confirmAction(t('leave.confirmTitle'), t('leave.confirmText'), t('leave.confirm'));
  if (!yes) return;
  const leaving = await api.delete('/me');
  leaving.erasureIds.forEach((erasureId) => follow(erasureId, null, () => t('leave.oneChild')));
  $('leave').disabled = true;
  $('add-child').disabled = true;
  say(leaving.erasureIds.length ? t('leave.children') : t('leave.alone'));
  go('#/history');
}

async function addChild() {
  const added = await api.post('/children');
  say(t('children.added'));
  await loadChildren();
  go(`#/children/${added.childId}`);
}

// ---------------------------------------------------------------- notifications (issue 19 item 8)

async function drawNotifications() {
  const container = $('notifications');
  let settings;
  try {
    settings = await api.get('/me/notifications');
  } catch (error) {
    replace(container, h('p', { class: 'not-available' }, notOffered(error) ? t('notAvailable') : plainError(error)));
    return;
  }
  const boxId = uid('digest');
  const form = h('form', { class: 'stack' },
    h('p', {}, h('input', { id: boxId, name: 'retentionDigest', type: 'checkbox', checked: settings.retentionDigest }), ' ',
      h('label', { for: boxId }, t('notifications.digest'))),
    h('button', { type: 'submit', class: 'primary' }, t('notifications.save')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      await api.request('PUT', '/me/notifications', { json: { retentionDigest: form.elements.retentionDigest.checked } });
      say(t('notifications.saved'));
    });
  });
  replace(container, form);
}

// ---------------------------------------------------------------- erasures and receipts

// A deletion started in this visit: newest first, above the history. `what` names it in the page's current language.
function follow(erasureId, childId, what) {
  $('erasures').prepend(track(erasureId, childId, what));
  poll(erasureId);
}

function track(erasureId, childId, what) {
  $('no-erasures').hidden = true;
  const item = h('li', { class: 'erasure', 'data-erasure': erasureId });
  state.erasures.set(erasureId, { what, item, childId });
  return item;
}

const ERASURES_PER_PAGE = 20;

// The deletions asked for before this visit (GET /v1/erasures, newest first), each with its receipt: KidSafe keeps them,
// ids only, for 3 years after they finish (issue 19 item 6), so a receipt never lives only in the page.
async function loadErasures(after) {
  const page = await api.get(`/erasures?limit=${ERASURES_PER_PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
  $('older-erasures').hidden = true;
  for (const erasure of page.items) {
    if (state.erasures.has(erasure.erasureId)) continue;
    $('erasures').append(track(erasure.erasureId, erasure.childId, () => erasureLabel(erasure)));
    if (erasure.receipt) {
      await showReceipt(erasure.erasureId, erasure, { quietly: true });
    } else {
      poll(erasure.erasureId);
    }
  }
  if (page.next) {
    const older = $('older-erasures');
    older.hidden = false;
    older.onclick = () => act(() => loadErasures(page.next));
  }
}

function erasureLabel(erasure) {
  const child = state.children.find((known) => known.childId === erasure.childId);
  const whose = child ? childName(child) : t('erasure.deletedChild');
  const kinds = erasure.categories || [];
  if (kinds.length >= CATEGORY_KEYS.length - 1) return t('erasure.everything', { child: whose });
  return t('erasure.of', { list: kinds.map(categoryName).join(', '), child: whose });
}

async function poll(erasureId) {
  const { what, item } = state.erasures.get(erasureId);
  let erasure;
  try {
    erasure = await api.get(`/erasures/${erasureId}`);
  } catch (error) {
    replace(item, h('p', {}, `${what()}: `, plainError(error), t('erasure.retrying')));
    setTimeout(() => poll(erasureId), 3000);
    return;
  }
  if (!erasure.receipt) {
    const waiting = (erasure.pendingServices || []).map(serviceName).join(', ');
    replace(item, h('p', {}, h('strong', {}, what()), t('erasure.deleting'), waiting ? t('erasure.waiting', { list: waiting }) : '', '…'));
    setTimeout(() => poll(erasureId), 1000);
    return;
  }
  await showReceipt(erasureId, erasure);
}

async function showReceipt(erasureId, erasure, { quietly } = {}) {
  const entry = state.erasures.get(erasureId);
  const { what, item } = entry;
  entry.receipt = erasure.receipt;
  entry.completedAt = erasure.completedAt;
  const check = h('p', { class: 'check', 'data-verified': 'pending' }, t('receipt.checking'));
  replace(item,
    h('p', {}, h('strong', {}, what()), t('erasure.deletedOn'), time(erasure.completedAt, true), '.'),
    check,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', 'data-key': `save-${erasureId}`,
        onclick: () => saveFile(`kidsafe-erasure-receipt-${erasureId}.jws`, entry.receipt, 'application/jose') }, t('receipt.save')),
      h('button', { type: 'button', class: 'secondary', 'data-key': `check-${erasureId}`,
        onclick: () => checkAgain(erasureId, check) }, t('receipt.checkAgain'))));
  await checkReceipt(erasureId, check);
  if (!quietly) say(t('erasure.ready', { what: what() }));
}

// Checks the receipt KidSafe holds now, not only the copy in the page.
async function checkAgain(erasureId, target) {
  const entry = state.erasures.get(erasureId);
  try {
    entry.receipt = (await api.get(`/erasures/${erasureId}`)).receipt || entry.receipt;
  } catch {
    // Offline or signed out: the copy in the page is still worth checking.
  }
  await checkReceipt(erasureId, target, true);
}

// The keys receipts verify with (public), read once for the page's receipts and again when the parent asks to check again.
let keys = null;
function verificationKeys(fresh) {
  if (fresh || !keys) {
    keys = api.get('/keys', { anonymous: true });
    keys.catch(() => { keys = null; });
  }
  return keys;
}

// The signature, and that the receipt is for this deletion of this child (a valid receipt of another proves nothing).
async function checkReceipt(erasureId, target, fresh) {
  const { receipt, childId } = state.erasures.get(erasureId);
  target.dataset.verified = 'pending';
  replace(target, t('receipt.checking'));
  try {
    const { keyId, claims } = await verifyReceipt(receipt, await verificationKeys(fresh), { erasureId, childId });
    target.dataset.verified = 'true';
    replace(target, h('span', { class: 'ok' }, t('receipt.valid')),
      t('receipt.validText', { key: keyId }),
      h('ul', {}, (claims.services || []).map((part) => h('li', {}, `${serviceName(part.service)}: `,
        Object.entries(part.erased || {}).filter(([, count]) => count > 0).map(([kind, count]) => `${kindName(kind)}: ${count}`)
          .join(', ') || t('receipt.nothingKept'),
        t('receipt.finished'), time(part.completedAt, true), ')'))),
      unreadable(claims));
  } catch (error) {
    target.dataset.verified = 'false';
    const verdict = error instanceof WrongReceipt ? t('receipt.wrong') : t('receipt.invalid');
    replace(target, h('span', { class: 'bad' }, verdict), plainError(error));
  }
}

// The receipt's two moments (issue 18 item 1): live copies unreadable (T1), then backups and database logs (T2).
function unreadable(claims) {
  return h('p', { class: 'unreadable', 'data-key': 'unreadable' },
    t('receipt.unreadable'), time(claims.unreadableAt, true), '. ',
    claims.backupsUnreadableAt
      ? [t('receipt.backups'), time(claims.backupsUnreadableAt, true), t('receipt.backupsAfter')]
      : t('receipt.backupsExpire'));
}

// ---------------------------------------------------------------- language (issue 19 item 10)

/** The parent's choice (GET /v1/me/preferences) first, then the browser's languages. */
async function chooseLanguage() {
  const preferences = await api.get('/me/preferences').catch(() => null);
  applyLanguage((preferences && preferences.language) || supported(navigator.languages));
}

function applyLanguage(language) {
  setLanguage(language);
  $('language').value = currentLanguage();
  const parent = signIn && signIn.parent;
  if (parent) replace($('signed-in-as'), t('signedInAs', { who: parent.email || parent.preferred_username || '' }));
}

/** The switch: the whole page in the chosen language at once, and the choice kept for the parent (PUT; 404 tolerated). */
async function switchLanguage(language) {
  applyLanguage(language);
  if ($('signed-in').hidden) return;
  drawNotice();
  for (const [erasureId, entry] of state.erasures) {
    if (entry.receipt) await showReceipt(erasureId, entry, { quietly: true });
  }
  await Promise.all([drawVerification(), route({ focus: false })]);
  await api.request('PUT', '/me/preferences', { json: { language } }).catch((error) => {
    if (!notOffered(error)) throw error;
  });
}

// ---------------------------------------------------------------- start

async function showSignedIn() {
  $('signed-out').hidden = true;
  $('signed-in').hidden = false;
  $('sign-out').hidden = false;
  await chooseLanguage();
  await acceptInvitation();
  await loadNotice();
  await Promise.all([drawVerification(), loadChildren()]);
  await Promise.all([loadErasures(), route({ focus: false })]);
  window.addEventListener('hashchange', () => act(() => route()));
  say(t('ready'));
}

async function start() {
  applyLanguage(supported(navigator.languages));
  // An invitation link's token is kept aside (not in the address bar) until the parent is signed in.
  const invitation = /^#invitation=([\w.~-]+)$/.exec(window.location.hash);
  if (invitation) {
    sessionStorage.setItem(INVITATION_KEY, invitation[1]);
    window.history.replaceState(null, '', window.location.pathname);
  }
  const settings = await (await fetch('config.json')).json();
  signIn = new SignIn(settings);
  api = new Api(signIn);
  const leaveFor = (options) => act(() => {
    sessionStorage.setItem(ROUTE_KEY, window.location.hash);
    return signIn.start(options);
  });
  $('sign-in').addEventListener('click', () => leaveFor());
  $('sign-up').addEventListener('click', () => leaveFor({ signUp: true }));
  $('sign-out').addEventListener('click', () => act(() => signIn.signOut()));
  $('add-child').addEventListener('click', () => act(addChild));
  $('leave').addEventListener('click', () => act(leave));
  $('language').addEventListener('change', (event) => act(() => switchLanguage(event.target.value)));
  try {
    if (await signIn.complete()) {
      // Back from the sign-in server: the view the parent was on before it.
      const before = sessionStorage.getItem(ROUTE_KEY);
      sessionStorage.removeItem(ROUTE_KEY);
      if (before && before.startsWith('#/')) window.history.replaceState(null, '', before);
      await showSignedIn();
      return;
    }
  } catch (error) {
    warn(plainError(error));
  }
  $('signed-out').hidden = false;
}

act(start);

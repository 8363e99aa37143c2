// The parents' privacy center. It uses only the public API (/api/v1) that the mobile apps use.
import { Api, ApiError } from './api.js';
import { SignIn } from './oidc.js';
import { verifyReceipt, WrongReceipt } from './receipt.js';
import { date, h, replace, time, uid } from './dom.js';

const CATEGORIES = {
  PROFILE: 'Profile (nickname, age group, picture, language)',
  PHOTOS: 'Photos',
  VOICE: 'Voice recordings',
  CHAT: 'Chat messages',
  THIRD_PARTY_DISCLOSURE: 'Sharing with other companies',
};
const CONSENT_STATES = {
  GRANTED: 'Allowed',
  REVOKED: 'Stopped (you withdrew it)',
  NOT_GRANTED: 'Not allowed',
};
const SERVICES = {
  'consent-service': 'Your choices and deletion records',
  'profile-service': 'Profile and toys',
  'media-service': 'Photos, voice and chat',
};
const METHODS = {
  'email-plus': 'Email check',
  'signed-consent-form': 'Signed consent form',
};
const KINDS = {
  photo: 'Photos', voice: 'Voice recordings', chat: 'Chat messages', profile: 'Profile', consent: 'Your choices',
  'consent-record': 'Your choices', child: 'The child\'s record', 'parent-contact': 'Your contact details',
  'data-key': 'Encryption keys', 'paired-device': 'Paired toys', 'toy-identity': 'Toy sign-ins', 'toy-binding': 'Toy links',
  'pairing-code': 'Pairing codes',
};
const kindName = (kind) => KINDS[kind] || kind.replace(/[-_]/g, ' ');
const FORM_STATES = { PENDING: 'Waiting for review', APPROVED: 'Accepted', REJECTED: 'Not accepted', EXPIRED: 'Deleted without a review; you can send it again' };
const CHILDREN_DRAWN_AT_ONCE = 3;

const $ = (id) => document.getElementById(id);
const state = { notice: null, children: [], erasures: new Map() };
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
    if (slug.endsWith('verification-required')) {
      return 'Before you can allow this, please confirm that you are a parent (see "Your parent check").';
    }
    if (error.status === 401) return 'Your sign-in has ended. Please reload the page and sign in again.';
    if (error.status === 429) return 'That was a lot of requests at once. Please wait a moment and try again.';
    if (error.status >= 500) return 'Something is not working on our side right now. Please try again in a few minutes.';
  }
  return error.message;
}

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
  if (!period) return iso ? iso : 'Until you delete it';
  const words = [];
  if (period.years) words.push(`${period.years} year${period.years > 1 ? 's' : ''}`);
  if (period.months) words.push(`${period.months} month${period.months > 1 ? 's' : ''}`);
  if (period.days) words.push(`${period.days} day${period.days > 1 ? 's' : ''}`);
  return words.join(' and ');
}

function deletedBy(oldest, iso) {
  const period = retention(iso);
  if (!oldest || !period) return null;
  const when = new Date(oldest);
  when.setUTCFullYear(when.getUTCFullYear() + period.years, when.getUTCMonth() + period.months, when.getUTCDate() + period.days);
  return when.toISOString();
}

function childName(child) {
  return (child.profile && child.profile.displayName) || `Child added on ${date(child.createdAt)}`;
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
      ? `You are checked as a parent (${METHODS[best.method] || best.method}, level ${best.assuranceLevel}).`
      : 'You have not confirmed yet that you are a parent. The law asks us to check this before anything about a child is collected.'),
    passed.length > 0 && h('ul', {}, passed.map((p) =>
      h('li', {}, `${METHODS[p.method] || p.method}: done on `, time(p.verifiedAt)))),
    h('p', {}, unlocked.size > 0
      ? `This lets you allow: ${[...unlocked].map((c) => CATEGORIES[c] || c).join(', ')}.`
      : 'Until then you cannot allow anything.'),
    status.methods
      .filter((method) => !passed.some((p) => p.method === method.name))
      .map((method) => raiseMethod(method, status.consentForms || [])));
}

function raiseMethod(method, forms) {
  const unlocks = method.unlocks.map((c) => CATEGORIES[c] || c).join(', ');
  const title = uid('method');
  if (method.name === 'email-plus') return emailCheck(method, unlocks, title);
  if (method.name === 'signed-consent-form') return signedForm(method, unlocks, title, forms);
  return h('section', { class: 'method', 'aria-labelledby': title },
    h('h3', { id: title }, METHODS[method.name] || method.name), h('p', {}, `Lets you allow: ${unlocks}.`));
}

function emailCheck(method, unlocks, title) {
  const emailId = uid('email');
  const codeId = uid('code');
  const codeHelp = uid('code-help');
  const codeStep = h('form', { class: 'stack', hidden: true },
    h('label', { for: codeId }, 'The 8-digit code from the email'),
    h('p', { id: codeHelp, class: 'hint' }, 'It can take a minute to arrive. Check your spam folder too.'),
    h('input', { id: codeId, name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{8}',
      maxlength: 8, required: true, 'aria-describedby': codeHelp }),
    h('button', { type: 'submit', class: 'primary' }, 'Confirm the code'));
  const emailStep = h('form', { class: 'stack' },
    h('label', { for: emailId }, 'Your email address'),
    h('input', { id: emailId, name: 'email', type: 'email', autocomplete: 'email', required: true }),
    h('button', { type: 'submit', class: 'primary' }, 'Send me a code'));
  let challengeId = null;
  emailStep.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      const sent = await api.post('/verification/email', { email: emailStep.elements.email.value.trim() });
      challengeId = sent.challengeId;
      codeStep.hidden = false;
      say('We sent you an email with a code. Type it in below.');
      codeStep.elements.code.focus();
    });
  });
  codeStep.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      await api.post('/verification/email/confirmation', { challengeId, code: codeStep.elements.code.value.trim() });
      say('Thank you: you are now checked as a parent.');
      await drawVerification();
      $('verification-summary').focus();
    });
  });
  return h('section', { class: 'method', 'aria-labelledby': title },
    h('h3', { id: title }, `Confirm with your email (${METHODS[method.name]})`),
    h('p', {}, `We email you a code; you type it in here. Lets you allow: ${unlocks}.`),
    emailStep, codeStep);
}

function signedForm(method, unlocks, title, forms) {
  const fileId = uid('form-file');
  const helpId = uid('form-help');
  const upload = h('form', { class: 'stack' },
    h('label', { for: fileId }, 'Your signed consent form'),
    h('p', { id: helpId, class: 'hint' }, 'A scan or a photo: PDF, PNG or JPEG. A person at KidSafe checks it, then deletes the file.'),
    h('input', { id: fileId, name: 'form', type: 'file', accept: 'application/pdf,image/png,image/jpeg', required: true,
      'aria-describedby': helpId }),
    h('button', { type: 'submit', class: 'secondary' }, 'Send the signed form'));
  upload.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      await api.upload('/verification/consent-forms', upload.elements.form.files[0]);
      say('Thank you: we received your form. We will check it soon.');
      await drawVerification();
    });
  });
  return h('section', { class: 'method', 'aria-labelledby': title },
    h('h3', { id: title }, `The strongest check: ${METHODS[method.name]}`),
    h('p', {}, `Sign a consent form and send us a copy. Lets you allow: ${unlocks}.`),
    forms.length > 0 && h('ul', {}, forms.map((form) =>
      h('li', {}, 'Form sent on ', time(form.submittedAt), `: ${FORM_STATES[form.status] || form.status}`))),
    upload);
}

// ---------------------------------------------------------------- notice

async function loadNotice() {
  state.notice = await api.get('/notices/current', { anonymous: true });
  const notice = state.notice;
  replace($('notice'),
    h('p', {}, `This is version ${notice.version}, published on `, time(notice.publishedAt), '.'),
    h('ul', {}, (notice.categories || []).map((category) =>
      h('li', {}, h('strong', {}, `${CATEGORIES[category.category] || category.category}: `), category.purpose,
        retention(category.retention) ? ` Kept for ${retentionText(category.retention)}.` : ' Kept until you delete it.',
        category.thirdParties && category.thirdParties.length > 0 ? ` Shared with: ${category.thirdParties.join(', ')}.` : ''))),
    h('details', {}, h('summary', {}, 'Read the whole notice'), h('div', { class: 'notice-text' }, notice.text)));
}

function purposeOf(category) {
  const entry = ((state.notice && state.notice.categories) || []).find((c) => c.category === category);
  return entry ? entry.purpose : '';
}

// ---------------------------------------------------------------- children

async function drawChildren() {
  const children = await api.all('/children');
  state.children = children;
  const container = $('children');
  if (children.length === 0) {
    replace(container, h('p', {}, 'You have not added a child yet.'));
    return;
  }
  replace(container, children.map((child) => h('article', { class: 'child', id: `child-${child.childId}`, 'data-child': child.childId })));
  // A few children at a time: quick for a family, and a parent with many children stays near the per-parent
  // rate limit (the API layer waits out a 429 and retries).
  const queue = [...children];
  const worker = async () => {
    for (let child = queue.shift(); child; child = queue.shift()) await drawChild(child);
  };
  await Promise.all(Array.from({ length: Math.min(CHILDREN_DRAWN_AT_ONCE, queue.length) }, worker));
}

async function drawChild(child) {
  const article = document.getElementById(`child-${child.childId}`);
  if (!article) return;
  const base = `/children/${child.childId}`;
  const [profile, toys, holdings] = await Promise.all([
    api.get(`${base}/profile`).catch(() => null),
    api.all(`${base}/toys`).catch(() => []),
    // A service that has not heard of the child yet (consent travels as events) answers 404: nothing kept there.
    api.get(`${base}/holdings`).catch((error) => ({
      failed: error instanceof ApiError && error.status === 404 ? 'Nothing is kept about this child yet.' : plainError(error),
    })),
  ]);
  Object.assign(child, { profile });
  const titleId = `child-title-${child.childId}`;
  article.setAttribute('aria-labelledby', titleId);
  await redraw(article, () => replace(article,
    h('h3', { id: titleId, tabindex: -1 }, childName(child)),
    h('p', { class: 'hint' }, profile ? ['Added on ', time(child.createdAt), '. '] : '', 'Child number: ',
      h('code', {}, child.childId.slice(0, 8))),
    profileSection(child, profile),
    consentSection(child),
    toysSection(child, toys),
    holdingsSection(holdings),
    controlSection(child)));
}

async function refreshChild(childId) {
  const children = await api.all('/children');
  state.children = children;
  const child = children.find((c) => c.childId === childId);
  if (child) await drawChild(child);
  else await drawChildren();
}

function section(title, ...content) {
  const id = uid('part');
  return h('section', { class: 'part', 'aria-labelledby': id }, h('h4', { id }, title), ...content);
}

const AGE_GROUPS = { UNDER_5: 'Under 5', AGE_5_7: '5 to 7', AGE_8_10: '8 to 10', AGE_11_12: '11 to 12' };
const AVATARS = ['BEAR', 'CAT', 'DINOSAUR', 'DOG', 'DRAGON', 'FOX', 'OWL', 'PANDA', 'PENGUIN', 'RABBIT', 'ROBOT', 'ROCKET', 'UNICORN', 'WHALE'];
const LANGUAGES = { 'en-US': 'English', 'es-US': 'Spanish', 'fr-CA': 'French', 'de-DE': 'German', 'zh-CN': 'Chinese' };
const lower = (text) => text.charAt(0) + text.slice(1).toLowerCase();

function profileSection(child, profile) {
  const allowed = child.consents.some((c) => c.category === 'PROFILE' && c.state === 'GRANTED');
  const facts = profile && h('dl', { class: 'facts' },
    [['Nickname', profile.displayName],
      ['Age group', AGE_GROUPS[profile.ageBand]],
      ['Birth month', profile.birthYear ? `${profile.birthMonth}/${profile.birthYear}` : null],
      ['Picture', profile.avatar && lower(profile.avatar)],
      ['Language', LANGUAGES[profile.preferredLanguage] || profile.preferredLanguage]]
      .filter(([, value]) => value).map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]),
    h('dt', {}, 'Last changed'), h('dd', {}, time(profile.updatedAt || profile.createdAt)));
  if (!allowed) {
    return section('Profile', facts || h('p', {}, 'There is no profile. To make one, first allow "Profile" below.'));
  }
  const form = profileForm(child, profile);
  return section('Profile',
    facts || h('p', {}, 'There is no profile yet. A toy needs one to greet your child by a nickname (never the real name).'),
    profile ? h('details', {}, h('summary', {}, 'Change the profile'), form) : form);
}

function profileForm(child, profile) {
  const ids = { name: uid('nickname'), nameHelp: uid('nickname-help'), age: uid('age'), avatar: uid('avatar'), language: uid('language') };
  const current = profile || {};
  const select = (id, name, options, value) => h('select', { id, name, required: true },
    Object.entries(options).map(([key, text]) => h('option', { value: key, selected: key === value }, text)));
  const form = h('form', { class: 'stack' },
    h('label', { for: ids.name }, 'Nickname'),
    h('p', { id: ids.nameHelp, class: 'hint' }, 'Not your child\'s real name: the toy uses it to say hello.'),
    h('input', { id: ids.name, name: 'displayName', required: true, maxlength: 64, autocomplete: 'off', value: current.displayName,
      'aria-describedby': ids.nameHelp }),
    h('button', { type: 'button', class: 'secondary', 'data-key': 'suggest', onclick: () => act(async () => {
      const { suggestions } = await api.get('/display-names/suggestions?count=1');
      form.elements.displayName.value = suggestions[0];
      form.elements.displayName.focus();
    }) }, 'Suggest a nickname'),
    h('label', { for: ids.age }, 'Age group'),
    select(ids.age, 'ageBand', AGE_GROUPS, current.ageBand || 'AGE_8_10'),
    h('label', { for: ids.avatar }, 'Picture'),
    select(ids.avatar, 'avatar', Object.fromEntries(AVATARS.map((a) => [a, lower(a)])), current.avatar || 'BEAR'),
    h('label', { for: ids.language }, 'Language'),
    select(ids.language, 'preferredLanguage', LANGUAGES, current.preferredLanguage || 'en-US'),
    h('button', { type: 'submit', class: 'primary', 'data-key': 'save-profile' }, 'Save the profile'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      const fields = Object.fromEntries(['displayName', 'ageBand', 'avatar', 'preferredLanguage']
        .map((name) => [name, form.elements[name].value.trim()]));
      await api.request('PUT', `/children/${child.childId}/profile`, { json: fields });
      say('The profile is saved.');
      await refreshChild(child.childId);
    });
  });
  return form;
}

function consentSection(child) {
  const current = state.notice ? state.notice.version : null;
  return section('What you allow',
    renewalBanner(child),
    h('ul', { class: 'consents' }, child.consents.map((consent) => {
      const label = CATEGORIES[consent.category] || consent.category;
      const granted = consent.state === 'GRANTED';
      const detail = consent.noticeVersion
        ? [`${granted ? 'You agreed' : 'You had agreed'} to privacy notice version ${consent.noticeVersion}`,
          consent.since ? [granted ? ' on ' : '; stopped on ', time(consent.since)] : '', '.',
          granted && current && consent.noticeVersion < current ? ` There is a newer notice (version ${current}).` : '']
        : 'Never allowed.';
      return h('li', { class: `consent ${granted ? 'on' : 'off'}`, 'data-category': consent.category },
        h('p', { class: 'consent-name' }, h('strong', {}, label), ' ', h('span', { class: 'badge' }, CONSENT_STATES[consent.state] || consent.state)),
        purposeOf(consent.category) && h('p', { class: 'hint' }, purposeOf(consent.category)),
        h('p', {}, detail),
        granted
          ? h('button', { type: 'button', class: 'danger', 'data-key': `revoke-${consent.category}`,
            onclick: () => act(() => revoke(child, consent.category)) }, `Stop ${label.split(' (')[0]} and delete it`)
          : h('button', { type: 'button', class: 'primary', 'data-key': `grant-${consent.category}`,
            onclick: () => act(() => grant(child, consent.category)) }, `Allow ${label.split(' (')[0]}`));
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
  const names = due.map((consent) => (CATEGORIES[consent.category] || consent.category).split(' (')[0]).join(', ');
  const changes = h('div', { class: 'notice-changes' }, 'Loading what changed…');
  api.get(`/notices/${state.notice.version}/changes?since=${since}`)
    .then((diff) => replace(changes, diff.sections.map((part) => [
      h('p', {}, h('strong', {}, part.section)),
      h('ul', {},
        part.removed.map((line) => h('li', { class: 'removed' }, 'Removed: ', h('del', {}, line))),
        part.added.map((line) => h('li', { class: 'added' }, 'Added: ', h('ins', {}, line))))])))
    .catch(() => replace(changes, 'What changed could not be loaded; the whole notice is under "Privacy notice".'));
  return h('div', { class: 'renewal', 'data-key': 'renewal' },
    h('p', {}, h('strong', {}, 'Our privacy notice changed. '),
      `Please renew what you allow for ${childName(child)} (${names}) by `, time(deadline),
      '. If you do not, we stop collecting it then; nothing is deleted.'),
    h('details', {}, h('summary', {}, `What changed since version ${since}`), changes),
    h('button', { type: 'button', class: 'primary', 'data-key': 'renew',
      onclick: () => act(() => renew(child, due)) }, `Renew for ${childName(child)}`));
}

async function renew(child, due) {
  await loadNotice();
  for (const consent of due) {
    await api.post(`/children/${child.childId}/consents`, { category: consent.category, noticeVersion: state.notice.version });
  }
  say(`Renewed under privacy notice version ${state.notice.version}: collection continues for ${childName(child)}.`);
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
  say(`Saved: ${CATEGORIES[category]} is now allowed for ${childName(child)}.`);
  await refreshChild(child.childId);
}

async function revoke(child, category) {
  const label = CATEGORIES[category];
  const yes = await confirmAction(`Stop ${label}?`,
    `The toys and apps stop collecting ${label.toLowerCase()} for ${childName(child)} right away, and everything already `
    + 'collected in it is deleted everywhere. You can allow it again later.', 'Stop and delete');
  if (!yes) return;
  const started = await api.delete(`/children/${child.childId}/consents/${category}`);
  say(`Stopped. We are deleting ${label.toLowerCase()} for ${childName(child)}; see "Deletions" for the receipt.`);
  follow(started.erasureId, child.childId, `${label} of ${childName(child)}`);
  await refreshChild(child.childId);
}

function toysSection(child, toys) {
  const codeBox = h('div', { class: 'pairing-code', role: 'status' });
  return section('Toys',
    toys.length === 0 ? h('p', {}, 'No toy has been connected.') : h('ul', { class: 'toys' }, toys.map((toy) =>
      h('li', { class: 'toy', 'data-device': toy.deviceId },
        h('p', {}, h('strong', {}, `Toy ${toy.deviceId}`), ' ',
          toy.status === 'PAIRED' ? ['connected since ', time(toy.pairedAt)] : ['disconnected on ', time(toy.endedAt)]),
        toy.status === 'PAIRED' && h('button', { type: 'button', class: 'secondary', 'data-key': `unpair-${toy.deviceId}`,
          onclick: () => act(() => unpair(child, toy.deviceId)) }, `Disconnect toy ${toy.deviceId}`)))),
    h('button', { type: 'button', class: 'secondary', 'data-key': 'pairing-code',
      onclick: () => act(async () => {
        const code = await api.post(`/children/${child.childId}/pairing-codes`);
        replace(codeBox, 'Type this code into the toy: ', h('strong', { class: 'code' }, code.code),
          '. It works once, until ', time(code.expiresAt, true), '.');
      }) }, 'Connect a new toy'),
    codeBox);
}

async function unpair(child, deviceId) {
  const yes = await confirmAction(`Disconnect toy ${deviceId}?`,
    `The toy can no longer send anything for ${childName(child)}. To use it again you connect it with a new code.`, 'Disconnect');
  if (!yes) return;
  await api.delete(`/children/${child.childId}/toys/${encodeURIComponent(deviceId)}`);
  say(`Toy ${deviceId} is disconnected.`);
  await refreshChild(child.childId);
}

function holdingsSection(holdings) {
  if (holdings.failed) return section('What we keep', h('p', {}, holdings.failed));
  return section('What we keep',
    holdings.partial && h('p', { class: 'hint' }, 'Some parts of KidSafe could not be asked right now; the list may be incomplete.'),
    holdings.services.map((service) => {
      const name = SERVICES[service.service] || service.service;
      if (!service.available) return h('p', {}, `${name}: cannot be asked right now.`);
      const entries = (service.holdings || []).filter((entry) => entry.count > 0);
      if (entries.length === 0) return h('p', { 'data-service': service.service }, `${name}: nothing kept.`);
      const captionId = uid('caption');
      return h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0, 'data-service': service.service },
        h('table', {},
          h('caption', { id: captionId }, name),
          h('thead', {}, h('tr', {}, ['What', 'How many', 'First', 'Latest', 'Kept for', 'Deleted by'].map((title) => h('th', { scope: 'col' }, title)))),
          h('tbody', {}, entries.map((entry) => h('tr', {},
            h('th', { scope: 'row' }, kindName(entry.kind)),
            h('td', {}, String(entry.count)),
            h('td', {}, time(entry.oldest)),
            h('td', {}, time(entry.newest)),
            h('td', {}, retentionText(entry.retention)),
            h('td', {}, deletedBy(entry.oldest, entry.retention) ? ['first item by ', time(deletedBy(entry.oldest, entry.retention))]
              : 'when you ask'))))));
    }));
}

function controlSection(child) {
  return section('Download or delete',
    h('p', {}, 'Download a copy of everything KidSafe keeps about this child, or delete all of it. The copy is one '
      + 'JSON file; the ZIP adds every photo, voice clip and chat message as a file of its own.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', 'data-key': 'export', onclick: () => act(() => download(child)) },
        'Download a copy'),
      h('button', { type: 'button', class: 'secondary', 'data-key': 'export-zip', onclick: () => act(() => downloadArchive(child)) },
        'Download everything (ZIP)'),
      h('button', { type: 'button', class: 'danger', 'data-key': 'delete', onclick: () => act(() => deleteChild(child)) },
        'Delete this child and all their data')));
}

async function download(child) {
  const exported = await api.get(`/children/${child.childId}/export`);
  saveFile(`kidsafe-export-${child.childId}.json`, JSON.stringify(exported, null, 2), 'application/json');
  say(exported.partial ? 'Your copy is downloading. Some parts could not be asked right now; try again later for a full copy.'
    : 'Your copy is downloading.');
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
        types: [{ description: 'ZIP archive', accept: { 'application/zip': ['.zip'] } }] });
    } catch (refused) {
      if (refused.name === 'AbortError') return; // the parent closed the picker
      // Any other refusal (e.g. the picker is not allowed here): saved through memory below.
    }
  }
  say('Your copy is being prepared. Photos and voice clips can take a while.');
  const answer = await api.download(`/children/${child.childId}/export`, 'application/zip');
  if (file) {
    await answer.body.pipeTo(await file.createWritable());
  } else {
    saveFile(name, await answer.blob(), 'application/zip');
  }
  // An item KidSafe could not include is named in the archive's missing.json; a broken download fails above.
  say(`Your copy is saved as ${name}. If it contains missing.json, some items could not be included; try again later.`);
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
  const yes = await confirmAction(`Delete ${childName(child)}?`,
    'Everything KidSafe keeps about this child is deleted everywhere: profile, photos, voice, chat, and the toys are '
    + 'disconnected. This cannot be undone. You get a signed receipt when it is done.', 'Delete everything');
  if (!yes) return;
  const started = await api.delete(`/children/${child.childId}`);
  say(`We are deleting everything about ${childName(child)}. See "Deletions" for the receipt.`);
  follow(started.erasureId, child.childId, `Everything about ${childName(child)}`);
  await drawChildren();
}

// Issue 19 item 5: DELETE /v1/me erases every child (one receipt each), then the parent's details, then the account.
async function leave() {
  const yes = await confirmAction('Leave KidSafe?',
    'Everything KidSafe keeps about all your children is deleted everywhere, then your email address, your parent check '
    + 'and your account. This cannot be undone. We email you the signed receipts before your account is deleted.',
    'Leave and delete everything');
  if (!yes) return;
  const leaving = await api.delete('/me');
  leaving.erasureIds.forEach((erasureId) => follow(erasureId, null, 'Everything about one of your children'));
  $('leave').disabled = true;
  say(leaving.erasureIds.length
    ? 'We are deleting everything about your children. We email you the receipts, then delete your account.'
    : 'We are deleting your details and your account. You will be signed out.');
  await drawChildren();
}

async function addChild() {
  const added = await api.post('/children');
  say('Child added. Next, choose what may be collected.');
  await drawChildren();
  document.getElementById(`child-title-${added.childId}`)?.focus();
}

// ---------------------------------------------------------------- erasures and receipts

// A deletion started in this visit: newest first, above the history.
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
    $('erasures').append(track(erasure.erasureId, erasure.childId, erasureLabel(erasure)));
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
  const whose = child ? childName(child) : 'a child you deleted';
  const kinds = erasure.categories || [];
  if (kinds.length >= Object.keys(CATEGORIES).length - 1) return `Everything about ${whose}`;
  return `${kinds.map((kind) => CATEGORIES[kind] || kind).join(', ')} of ${whose}`;
}

async function poll(erasureId) {
  const { what, item } = state.erasures.get(erasureId);
  let erasure;
  try {
    erasure = await api.get(`/erasures/${erasureId}`);
  } catch (error) {
    replace(item, h('p', {}, `${what}: `, plainError(error), ' We keep trying.'));
    setTimeout(() => poll(erasureId), 3000);
    return;
  }
  if (!erasure.receipt) {
    const waiting = (erasure.pendingServices || []).map((s) => SERVICES[s] || s).join(', ');
    replace(item, h('p', {}, h('strong', {}, what), ': deleting', waiting ? ` (still waiting for: ${waiting})` : '', '…'));
    setTimeout(() => poll(erasureId), 1000);
    return;
  }
  await showReceipt(erasureId, erasure);
}

async function showReceipt(erasureId, erasure, { quietly } = {}) {
  const entry = state.erasures.get(erasureId);
  const { what, item } = entry;
  entry.receipt = erasure.receipt;
  const check = h('p', { class: 'check', 'data-verified': 'pending' }, 'Checking the signature…');
  replace(item,
    h('p', {}, h('strong', {}, what), ': deleted on ', time(erasure.completedAt, true), '.'),
    check,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', 'data-key': `save-${erasureId}`,
        onclick: () => saveFile(`kidsafe-erasure-receipt-${erasureId}.jws`, entry.receipt, 'application/jose') }, 'Save the receipt'),
      h('button', { type: 'button', class: 'secondary', 'data-key': `check-${erasureId}`,
        onclick: () => checkAgain(erasureId, check) }, 'Check the signature again')));
  await checkReceipt(erasureId, check);
  if (!quietly) say(`${what}: deleted. The receipt is ready.`);
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
  replace(target, 'Checking the signature…');
  try {
    const { keyId, claims } = await verifyReceipt(receipt, await verificationKeys(fresh), { erasureId, childId });
    target.dataset.verified = 'true';
    replace(target, h('span', { class: 'ok' }, '✔ Signature valid. '),
      `This receipt was signed by KidSafe (key "${keyId}") and has not been changed. What was deleted:`,
      h('ul', {}, (claims.services || []).map((part) => h('li', {}, `${SERVICES[part.service] || part.service}: `,
        Object.entries(part.erased || {}).filter(([, count]) => count > 0).map(([kind, count]) => `${kindName(kind)}: ${count}`)
          .join(', ') || 'nothing was kept',
        ' (finished ', time(part.completedAt, true), ')'))),
      unreadable(claims));
  } catch (error) {
    target.dataset.verified = 'false';
    const verdict = error instanceof WrongReceipt ? '✘ Not the receipt of this deletion. ' : '✘ Signature not valid. ';
    replace(target, h('span', { class: 'bad' }, verdict), plainError(error));
  }
}

// The receipt's two moments (issue 18 item 1): live copies unreadable (T1), then backups and database logs (T2).
function unreadable(claims) {
  return h('p', { class: 'unreadable', 'data-key': 'unreadable' },
    'Unreadable in our live systems since ', time(claims.unreadableAt, true), '. ',
    claims.backupsUnreadableAt
      ? ['Copies in backups and database logs become unreadable by ', time(claims.backupsUnreadableAt, true),
        ', when the key that locked them is destroyed.']
      : 'Backups keep the deleted records until they expire, as our privacy notice says.');
}

// ---------------------------------------------------------------- start

async function showSignedIn() {
  $('signed-out').hidden = true;
  $('signed-in').hidden = false;
  $('sign-out').hidden = false;
  const parent = signIn.parent;
  replace($('signed-in-as'), `Signed in as ${parent.email || parent.preferred_username || 'parent'}`);
  await loadNotice();
  await Promise.all([drawVerification(), drawChildren()]);
  await loadErasures();
  say('Your privacy center is ready.');
}

async function start() {
  const settings = await (await fetch('config.json')).json();
  signIn = new SignIn(settings);
  api = new Api(signIn);
  $('sign-in').addEventListener('click', () => act(() => signIn.start()));
  $('sign-up').addEventListener('click', () => act(() => signIn.start({ signUp: true })));
  $('sign-out').addEventListener('click', () => act(() => signIn.signOut()));
  $('add-child').addEventListener('click', () => act(addChild));
  $('leave').addEventListener('click', () => act(leave));
  try {
    if (await signIn.complete()) {
      await showSignedIn();
      return;
    }
  } catch (error) {
    warn(plainError(error));
  }
  $('signed-out').hidden = false;
}

act(start);

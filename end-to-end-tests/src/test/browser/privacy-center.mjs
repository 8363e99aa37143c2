// Drives the parents' privacy center in headless Chromium, as a parent would: sign-in on the real Keycloak form,
// the parent check by email, consent, a toy that pairs and takes a photo, the holdings, the export, unpairing,
// stopping one category and deleting the child, each deletion ending in a receipt the PAGE verifies (and listed again
// with its receipt after a reload); then a phone-sized screen and the keyboard alone. Exits non-zero on the first failed
// check. Run by PrivacyCenterIT.
//
// Environment: GATEWAY_URL, MAILBOX_URL, PARENT_USERNAME, PARENT_PASSWORD, ARTIFACTS (screenshots, downloads),
// FOREIGN_RECEIPT, FOREIGN_ERASURE_ID, FOREIGN_CHILD_ID (another child's receipt, issued before a key rotation),
// CHROMIUM (default /usr/bin/chromium). The profile (--user-data-dir) is a fresh temporary directory.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { required, runJourney, shot, step, TIMEOUT } from './browser-journey.mjs';

const gateway = required('GATEWAY_URL');
const mailbox = required('MAILBOX_URL');
const username = required('PARENT_USERNAME');
const password = required('PARENT_PASSWORD');
const artifacts = required('ARTIFACTS');
// Another parent's child's erasure and its valid receipt, signed before consent-service's key was rotated.
const foreign = { receipt: required('FOREIGN_RECEIPT'), erasureId: required('FOREIGN_ERASURE_ID'), childId: required('FOREIGN_CHILD_ID') };
const center = `${gateway}/privacy-center/`;

await runJourney(run, {
  contextOptions: { acceptDownloads: true },
  describe: async (page) => `, alert: "${await page.locator('#alert').innerText().catch(() => '')}"`,
});

async function run(context) {
  const page = context.pages()[0] || await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Refused API calls (404 before a profile exists, 403 without consent) are logged by the browser; they are answers.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });

  step('the page is served by the gateway with a strict Content-Security-Policy');
  const served = await page.goto(center);
  assert.equal(served.status(), 200);
  const policy = served.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self'/);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await shot(page, '01-signed-out');

  await signIn(page, true);
  await shot(page, '02-signed-in');

  step('the parent check and how to raise it, under "Your account"');
  await page.getByRole('link', { name: 'Your account', exact: true }).click();
  const verification = page.locator('section[aria-labelledby="verification-title"]');
  await verification.getByRole('heading', { name: 'The strongest check: Signed consent form' }).waitFor();
  await verification.getByLabel('Your signed consent form').waitFor();
  if (await verification.getByLabel('Your email address').count() === 0) {
    // Another end-to-end test of the same platform confirmed Alice by email already: the page must say so.
    step('(Alice passed the email check earlier in this platform\'s life)');
  } else {
    step('email plus, with the code from the development mailbox');
    await verification.getByLabel('Your email address').fill(username);
    const mailed = await messages(username);
    await verification.getByRole('button', { name: 'Send me a code' }).click();
    await verification.getByLabel('The 8-digit code from the email').fill(await emailedCode(username, mailed.length));
    await verification.getByRole('button', { name: 'Confirm the code' }).click();
  }
  await verification.getByText('You are checked as a parent').waitFor();

  step('a child, and consent for profile and photos: the new child opens on its own');
  await page.getByRole('link', { name: 'Your children', exact: true }).click();
  await page.getByRole('button', { name: 'Add a child' }).click();
  await page.waitForURL(/#\/children\/[0-9a-f-]{36}$/);
  const childId = new URL(page.url()).hash.slice('#/children/'.length);
  const child = page.locator(`article.child[data-child="${childId}"]`);
  await child.waitFor();
  assert.equal(await page.locator('article.child').count(), 1, 'one child at a time');
  for (const category of ['Profile', 'Photos']) {
    await child.getByRole('button', { name: `Allow ${category}` }).click();
    await child.getByRole('button', { name: `Stop ${category} and delete it` }).waitFor();
  }
  const photos = child.locator('li.consent[data-category="PHOTOS"]');
  assert.match(await photos.innerText(), /Allowed/);
  assert.match(await photos.innerText(), /privacy notice version \d+/);
  await child.getByRole('button', { name: 'Allow Sharing with other companies' }).click();
  await page.getByRole('alert').getByText('confirm that you are a parent').waitFor();

  step('a profile with a suggested nickname (the toy needs one to greet the child)');
  await child.getByRole('button', { name: 'Suggest a nickname' }).click();
  await child.getByLabel('Age group').selectOption('AGE_5_7');
  await child.getByLabel('Picture').selectOption('OWL');
  const nickname = await eventually(() => child.getByLabel('Nickname').inputValue(), 'a nickname is suggested');
  await untilShown(child.locator('dl.facts').getByText(nickname), () => child.getByRole('button', { name: 'Save the profile' }).click());

  step('a toy pairs with the code the page shows, and takes a photo');
  const code = await untilShown(child.locator('.pairing-code .code'), () => child.getByRole('button', { name: 'Connect a new toy' }).click());
  const deviceId = `browser-toy-${Date.now()}`;
  await toyTakesPhoto(code, deviceId);
  await shot(page, '03-consent-and-pairing-code');

  step('after a reload (silent sign-in through the Keycloak session, back on the same child) the toy, the photo and the retention are listed');
  await page.reload();
  await signIn(page, false);
  const again = page.locator(`article[data-child="${childId}"]`);
  const toy = again.locator(`li.toy[data-device="${deviceId}"]`);
  await toy.getByText('connected since').waitFor();
  const media = again.locator('[data-service="media-service"]');
  await media.getByRole('row', { name: /Photos/ }).waitFor();
  const photoRow = await media.getByRole('row', { name: /Photos/ }).innerText();
  assert.match(photoRow, /\b1\b/, `one photo held: ${photoRow}`);
  assert.match(photoRow, /first item by/, `retention date shown: ${photoRow}`);
  assert.ok(await again.locator('[data-service="profile-service"] table').count() === 1, 'profile-service holdings listed');
  await shot(page, '04-holdings');

  step('the export downloads as one JSON document with every service');
  const [download] = await Promise.all([page.waitForEvent('download'),
    again.getByRole('button', { name: 'Download a copy' }).click()]);
  const exported = join(artifacts, download.suggestedFilename());
  await download.saveAs(exported);
  const document = JSON.parse(readFileSync(exported, 'utf8'));
  assert.equal(document.childId, childId);
  assert.deepEqual(document.services.map((s) => s.service).sort(), ['consent-service', 'media-service', 'profile-service']);

  step('unpairing the toy, confirmed in a dialog');
  await toy.getByRole('button', { name: `Disconnect toy ${deviceId}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
  await again.locator(`li.toy[data-device="${deviceId}"]`).getByText('disconnected on').waitFor();

  step('stopping photos: the category is erased and the page verifies the signed receipt');
  await again.getByRole('button', { name: 'Stop Photos and delete it' }).click();
  await shot(page, '05-confirm-dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Stop and delete' }).click();
  await again.getByRole('button', { name: 'Allow Photos' }).waitFor();
  await page.getByRole('link', { name: 'Deletions', exact: true }).click();
  // The list is newest first: this deletion goes above the parent's history.
  const photosErasure = page.locator('li.erasure').filter({ hasText: 'Photos of', hasNotText: 'a child you deleted' }).first();
  await photosErasure.locator('[data-verified="true"]').waitFor({ timeout: 120_000 });
  assert.match(await photosErasure.innerText(), /Signature valid/);
  assert.match(await photosErasure.innerText(), /Photos: 1\b/, 'the signed claims list the erased photo');

  step('a receipt checked against a key KidSafe did not publish is refused in the page');
  const published = await page.evaluate(async () => (await fetch('/api/v1/keys')).json());
  const forged = { keys: [await foreignKey(published.keys[0].kid)] };
  await page.route('**/api/v1/keys', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(forged) }));
  await photosErasure.getByRole('button', { name: 'Check the signature again' }).click();
  await photosErasure.locator('[data-verified="false"]').waitFor();
  assert.match(await photosErasure.innerText(), /Signature not valid/);
  await page.unroute('**/api/v1/keys');
  await photosErasure.getByRole('button', { name: 'Check the signature again' }).click();
  await photosErasure.locator('[data-verified="true"]').waitFor();

  step('a receipt issued before the key rotation verifies in the page, under the retired key KidSafe still publishes');
  const beforeRotation = await page.evaluate(async (receipt) => {
    const { verifyReceipt } = await import('/privacy-center/receipt.js');
    let response = await fetch('/api/v1/keys');
    // The public rate limit (429) asks anonymous callers to come back a second later.
    for (let attempt = 0; response.status === 429 && attempt < 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      response = await fetch('/api/v1/keys');
    }
    const keys = await response.json();
    return (await verifyReceipt(receipt.receipt, keys, receipt)).keyId;
  }, foreign);
  assert.notEqual(beforeRotation, published.keys[0].kid, 'signed under the retired key, not the current one');

  step("another child's valid receipt is refused for this child in the page");
  const photosErasureId = await photosErasure.getAttribute('data-erasure');
  const erasureRoute = `**/api/v1/erasures/${photosErasureId}`;
  await page.route(erasureRoute, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), receipt: foreign.receipt } });
  });
  await photosErasure.getByRole('button', { name: 'Check the signature again' }).click();
  await photosErasure.locator('[data-verified="false"]').waitFor();
  assert.match(await photosErasure.innerText(), /Not the receipt of this deletion/);
  assert.match(await photosErasure.innerText(), /another child/);
  await page.unroute(erasureRoute);
  await photosErasure.getByRole('button', { name: 'Check the signature again' }).click();
  await photosErasure.locator('[data-verified="true"]').waitFor();

  step('deleting the child ends in a verified receipt, under "Deletions"');
  await openView(page, `#/children/${childId}`);
  await again.getByRole('button', { name: 'Delete this child and all their data' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete everything' }).click();
  await page.waitForURL(/#\/history$/);
  const childErasure = page.locator('li.erasure').filter({ hasText: 'Everything about', hasNotText: 'a child you deleted' }).first();
  await childErasure.locator('[data-verified="true"]').waitFor({ timeout: 120_000 });
  // Issue 18 item 1: the receipt's two moments, live copies (T1) and, as the child's keys were destroyed, backups (T2).
  assert.match(await childErasure.innerText(), /Unreadable in our live systems since .+ Copies in backups and database logs become unreadable by /s);
  await shot(page, '06-verified-receipts');

  step('after a reload both deletions are listed from KidSafe, newest first, and their receipts verify again');
  const childErasureId = await childErasure.getAttribute('data-erasure');
  await page.reload();
  await signIn(page, false);
  for (const erasureId of [childErasureId, photosErasureId]) {
    await page.locator(`li.erasure[data-erasure="${erasureId}"] [data-verified="true"]`).waitFor({ timeout: 60_000 });
  }
  const listed = await page.locator('li.erasure').evaluateAll((items) => items.map((item) => item.dataset.erasure));
  assert.ok(listed.indexOf(childErasureId) < listed.indexOf(photosErasureId), `newest first: ${listed}`);
  assert.match(await page.locator(`li.erasure[data-erasure="${childErasureId}"]`).innerText(), /Everything about a child you deleted/);
  assert.deepEqual(pageErrors, [], `no script errors in the page: ${pageErrors.join('; ')}`);

  await phoneAndKeyboard(context);

  step('signing out ends the session');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

/** From the signed-out page: through the real Keycloak login form, or straight back if its session is still alive. */
async function signIn(page, withForm) {
  step(withForm ? 'sign-in on the Keycloak login form (code flow with PKCE)' : 'sign-in again');
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (withForm) {
    await page.waitForURL((url) => url.href.includes('/protocol/openid-connect/auth'));
    assert.match(page.url(), /code_challenge_method=S256/);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('#kc-login').click();
  }
  // Back on the page, and on the view the parent was on before (the sign-in keeps the hash route).
  await page.waitForURL((url) => url.href.startsWith(center));
  await page.getByRole('status').getByText('Your privacy center is ready').waitFor();
}

/** Goes to a view of the privacy center by its hash route, as a bookmark or the nav would. */
async function openView(page, hash) {
  await page.evaluate((route) => { window.location.hash = route; }, hash);
}

/**
 * Clicks until `result` shows, as a parent would try again: consent reaches the other services as events, so
 * right after a grant a service may not know the child yet (the page then says so in its alert).
 */
async function untilShown(result, click) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    await click();
    try {
      await result.waitFor({ timeout: 3000 });
      return result.innerText();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** The first truthy value `read` gives within the timeout. */
async function eventually(read, what) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    const value = await read();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out: ${what}`);
}

async function messages(to) {
  return (await fetch(`${mailbox}?to=${encodeURIComponent(to)}`)).json();
}

/** The code in the first mail after the `already` mails the mailbox held before the page asked for one. */
async function emailedCode(to, already) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const fresh = (await messages(to)).slice(already);
    for (const message of fresh) {
      const code = /\b(\d{8})\b/.exec(message.body || '');
      if (code) return code[1];
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No code was mailed to ${to}`);
}

/**
 * What a toy does: redeem the code without a token, then sign in as the toy user the pairing made (password grant on
 * the shared toy client, at the token endpoint the pairing names), upload once consent has arrived.
 */
async function toyTakesPhoto(code, deviceId) {
  const paired = await fetch(`${gateway}/api/v1/toys/pairings`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceId }),
  });
  assert.equal(paired.status, 201, await paired.clone().text());
  const credentials = await paired.json();
  const signIn = await fetch(credentials.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password', client_id: credentials.clientId, username: credentials.username, password: credentials.secret,
    }),
  });
  assert.equal(signIn.status, 200, await signIn.clone().text());
  const token = await signIn.json();
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
  const deadline = Date.now() + 60_000;
  let status = 0;
  while (Date.now() < deadline) {
    const upload = await fetch(`${gateway}/api/v1/media`, {
      method: 'POST', headers: { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'image/png' }, body: png,
    });
    status = upload.status;
    if (status === 201) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The toy could not upload a photo (last status ${status})`);
}

/** A P-256 public key under KidSafe's key id that did not sign anything of KidSafe's. */
async function foreignKey(kid) {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { kty, crv, x, y, kid };
}

async function phoneAndKeyboard(context) {
  step('a phone-sized screen: nothing wider than the screen, everything still reachable');
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 375, height: 740 });
  await phone.goto(center);
  await signIn(phone, false);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone screen`);
  await shot(phone, '07-phone');

  step('landmarks, labels and names for assistive technology');
  for (const role of ['banner', 'main', 'contentinfo']) assert.equal(await phone.getByRole(role).count(), 1, `one ${role} landmark`);
  const unnamed = await phone.evaluate(() => [...document.querySelectorAll('button, input, a[href]')]
    .filter((element) => element.offsetParent !== null)
    .filter((element) => (element.tagName === 'INPUT' ? element.labels.length === 0 : element.textContent.trim() === ''))
    .map((element) => element.outerHTML));
  assert.deepEqual(unnamed, [], 'every visible control has a name or a label');
  const lowContrast = await phone.evaluate(contrastFailures);
  assert.deepEqual(lowContrast, [], 'all text has a contrast ratio of at least 4.5:1 (WCAG AA)');

  step('the keyboard alone: skip link, add a child, a dialog that Escape closes and that gives focus back');
  await phone.keyboard.press('Tab');
  assert.equal(await phone.evaluate(() => document.activeElement.textContent), 'Skip to main content');
  await phone.keyboard.press('Enter');
  assert.equal(await phone.evaluate(() => document.activeElement.id), 'main');
  const children = await phone.locator('article.child').count();
  await tabTo(phone, 'Add a child');
  const outline = await phone.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused control shows a focus outline');
  await phone.keyboard.press('Enter');
  // The new child opens on its own, the only one on the screen.
  await phone.locator('article.child').nth(children).waitFor();
  assert.equal(await phone.locator('article.child').count(), 1, 'one child at a time');
  await eventually(() => phone.evaluate(() => document.activeElement.id.startsWith('child-title-')), 'focus moves to the new child');
  await tabTo(phone, 'Delete this child and all their data');
  await phone.keyboard.press('Enter');
  await phone.getByRole('dialog').waitFor();
  assert.equal(await phone.evaluate(() => document.activeElement.closest('dialog') !== null), true, 'focus is inside the dialog');
  await shot(phone, '08-phone-dialog');
  await phone.keyboard.press('Escape');
  await phone.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.equal(await phone.evaluate(() => document.activeElement.textContent), 'Delete this child and all their data',
    'focus returns to the button that opened the dialog');
  await phone.close();
}

/**
 * Runs in the page: every visible element with text of its own whose colour has a contrast ratio below 4.5:1
 * against the first opaque background behind it (WCAG 2.2 AA for normal text).
 */
function contrastFailures() {
  const rgb = (css) => (css.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const colour = rgb(getComputedStyle(e).backgroundColor);
      if (colour.length === 3 || (colour.length === 4 && colour[3] === 1)) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const element of document.querySelectorAll('body *')) {
    const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    if (!ownText || element.offsetParent === null) continue;
    const [light, dark] = [luminance(rgb(getComputedStyle(element).color)), luminance(background(element))].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) failures.push(`${element.tagName.toLowerCase()} "${element.textContent.trim().slice(0, 40)}": ${ratio.toFixed(2)}`);
  }
  return failures;
}

/** Presses Tab until the control named `name` has focus (at most 200 times). */
async function tabTo(page, name) {
  for (let i = 0; i < 200; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());
    if (focused === name) return;
  }
  throw new Error(`"${name}" cannot be reached with the Tab key`);
}

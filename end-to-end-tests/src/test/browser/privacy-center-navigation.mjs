// Issue 19 items 9 and 10 in headless Chromium: a parent with many children (CHILDREN, made by the test) picks one from a
// short, paged list and sees only that child; the account, deletions and notifications are one step away; the renewal
// banner renews; the ZIP export downloads; "Leave KidSafe" starts the end of the account. With BROWSER_LOCALE es-*, the
// browser asks for Spanish and the page must speak it (then the switch brings English back). Run by
// PrivacyCenterNavigationIT, which checks afterwards that the account is gone.
//
// In Spanish, the parent also deletes one more child (SPANISH_DELETED_CHILD_ID, not one of the CHILDREN) and reads its
// receipt's lines in Spanish, the verdict of a changed receipt (receipt.js's reason) included.
//
// Environment: GATEWAY_URL, PARENT_USERNAME, PARENT_PASSWORD, CHILDREN, RENEWING_CHILD_ID (photos due for renewal),
// SPANISH_DELETED_CHILD_ID, BROWSER_LOCALE, ARTIFACTS, CHROMIUM.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { required, runJourney, shot, step } from './browser-journey.mjs';

const gateway = required('GATEWAY_URL');
const username = required('PARENT_USERNAME');
const password = required('PARENT_PASSWORD');
const childCount = Number(required('CHILDREN'));
const renewingChild = required('RENEWING_CHILD_ID');
const locale = required('BROWSER_LOCALE');
const artifacts = required('ARTIFACTS');
const center = `${gateway}/privacy-center/`;
// Today's page of every child was 64,000 pixels tall with 40 children; the list must stay within a few screens.
const MAX_HEIGHT = 3000;

await runJourney(locale.startsWith('es') ? spanish : english, {
  contextOptions: { acceptDownloads: true, locale },
  describe: async (page) => `, alert: "${await page.locator('#alert').innerText().catch(() => '')}"`,
});

function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Refused API calls (404 from an API not offered yet, 403) are logged by the browser; they are answers.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  return errors;
}

async function signIn(page, button, ready) {
  step('sign-in on the Keycloak login form');
  await page.goto(center);
  await page.getByRole('button', { name: button }).click();
  await page.waitForURL((url) => url.href.includes('/protocol/openid-connect/auth'));
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
  await page.waitForURL((url) => url.href.startsWith(center));
  await page.getByRole('status').getByText(ready).waitFor();
}

async function english(context) {
  // Headless Chromium cannot show a save dialog: the page's other path (the ZIP through memory, the one browsers
  // without showSaveFilePicker take) is what arrives as a download here.
  await context.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true, writable: true });
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = watchErrors(page);
  await signIn(page, 'Sign in', 'Your privacy center is ready');

  step(`${childCount} children: a short list to pick from, a page at a time`);
  const choices = page.locator('li.child-choice');
  await choices.first().waitFor();
  const firstPage = await choices.evaluateAll((items) => items.map((item) => item.dataset.child));
  assert.ok(firstPage.length < childCount, `a page of the list, not all ${childCount}: ${firstPage.length}`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  step(`document height with ${childCount} children: ${height} px (limit ${MAX_HEIGHT} px)`);
  assert.ok(height < MAX_HEIGHT, `the page is ${height} px tall`);
  await shot(page, '01-children-list');
  const seen = new Set(firstPage);
  for (let pages = 1; await page.getByRole('button', { name: 'Next children' }).count() > 0; pages++) {
    assert.ok(pages < childCount, 'the pages end');
    await page.getByRole('button', { name: 'Next children' }).click();
    await page.getByRole('heading', { name: `Children ${seen.size + 1} to` }).waitFor();
    for (const id of await choices.evaluateAll((items) => items.map((item) => item.dataset.child))) seen.add(id);
  }
  assert.equal(seen.size, childCount, 'every child is on one of the pages, once');

  step('picking a child shows that child only');
  const renewingChoice = page.locator(`li.child-choice[data-child="${renewingChild}"]`);
  while (await renewingChoice.count() === 0) {
    const range = await page.locator('h2.range').innerText();
    await page.getByRole('button', { name: 'Previous children' }).click();
    await page.locator('h2.range').filter({ hasNotText: range }).waitFor();
  }
  await renewingChoice.getByText('Needs renewing').waitFor();
  await page.locator(`li.child-choice[data-child="${renewingChild}"] a`).click();
  await page.waitForURL((url) => url.hash === `#/children/${renewingChild}`);
  const child = page.locator(`article.child[data-child="${renewingChild}"]`);
  await child.waitFor();
  assert.equal(await page.locator('article.child').count(), 1, 'one child at a time');
  assert.equal(await page.locator('#view-children').isVisible(), false, 'the list is not shown beside it');
  step(`document height of one child: ${await page.evaluate(() => document.documentElement.scrollHeight)} px`);

  step('the renewal banner: the deadline, what changed, and Renew');
  // The platform has one notice version, so "what changed" is answered here as consent-service answers between two.
  const changes = /\/api\/v1\/notices\/\d+\/changes\?since=/;
  await page.route(changes, (route) => route.fulfill({
    json: { sections: [{ section: 'Photos', removed: ['Kept for 1 year.'], added: ['Kept for 2 years.'] }] } }));
  await page.reload();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').getByText('Your privacy center is ready').waitFor();
  const banner = child.locator('.renewal');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Our privacy notice changed\. Please renew what you allow for .+ \(Photos\) by /);
  await banner.getByText(/What changed since version \d+/).click();
  await banner.locator('ins').getByText('Kept for 2 years.').waitFor();
  await shot(page, '02-renewal-banner');
  await banner.getByRole('button', { name: /^Renew for / }).click();
  await page.getByRole('status').getByText(/Renewed under privacy notice version \d+/).waitFor();
  await banner.waitFor({ state: 'detached' });
  await page.unroute(changes);

  step('the ZIP export downloads, and is a ZIP holding export.json');
  const [download] = await Promise.all([page.waitForEvent('download'),
    child.getByRole('button', { name: 'Download everything (ZIP)' }).click()]);
  const archive = join(artifacts, download.suggestedFilename());
  await download.saveAs(archive);
  const bytes = readFileSync(archive);
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a ZIP file');
  assert.ok(bytes.includes(Buffer.from('export.json')), 'the archive names export.json');
  assert.equal(download.suggestedFilename(), `kidsafe-export-${renewingChild}.zip`);

  step('the household: the parent is its guardian; an invitation is sent, listed with a masked address, and cancelled');
  const household = child.locator('.household');
  await household.locator('ul.guardians li').getByText('(you)').waitFor();
  await household.getByLabel('Email address of the other parent or guardian').fill('co.parent@example.com');
  await household.getByRole('button', { name: 'Invite', exact: true }).click();
  await page.getByRole('status').getByText(/We sent the invitation\. It works until /).waitFor();
  const invitation = household.locator('ul.invitations li');
  await invitation.getByText(/Invited c\*+@example\.com/).waitFor();
  assert.ok(!(await household.innerText()).includes('co.parent@example.com'), 'the address is shown masked only');
  await shot(page, '03-household');
  await invitation.getByRole('button', { name: /^Cancel the invitation to / }).click();
  await invitation.waitFor({ state: 'detached' });

  step('account, deletions and notifications are each one step away');
  await page.getByRole('link', { name: 'Your account', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
  await page.getByRole('heading', { name: 'Your parent check' }).waitFor();
  await page.getByRole('link', { name: 'Deletions', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Deletions' }).waitFor();
  await page.getByRole('link', { name: 'Notifications', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
  const digest = page.locator('#notifications').getByLabel(/^Email me before anything about my children is deleted/);
  assert.equal(await digest.isChecked(), true, 'the weekly retention digest is on by default');
  await digest.uncheck();
  await page.locator('#notifications').getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').getByText('Your notification choice is saved.').waitFor();
  await shot(page, '04-notifications');
  assert.equal(await child.count(), 1, 'the child view is kept, hidden');

  step('"Leave KidSafe": confirmed in a dialog, then every child is being deleted');
  // The Spanish run's deletion is already listed under "Deletions".
  const earlier = await page.locator('li.erasure').count();
  await page.getByRole('link', { name: 'Your account', exact: true }).click();
  await page.getByRole('button', { name: 'Leave KidSafe' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Leave and delete everything' }).click();
  await page.getByRole('status').getByText('We are deleting everything about your children').waitFor();
  await page.waitForURL((url) => url.hash === '#/history');
  assert.equal(await page.locator('li.erasure').count(), earlier + childCount, 'one deletion per child, followed on "Deletions"');
  await shot(page, '05-leaving');
  assert.deepEqual(errors, [], `no script errors in the page: ${errors.join('; ')}`);
}

async function spanish(context) {
  const page = context.pages()[0] || await context.newPage();
  const errors = watchErrors(page);
  step('the browser asks for Spanish: the page speaks it before and after sign-in');
  await page.goto(center);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  await page.getByRole('heading', { name: 'Vea y controle lo que KidSafe guarda sobre sus hijos' }).waitFor();
  await signIn(page, 'Iniciar sesión', 'Su centro de privacidad está listo');
  for (const view of ['Sus hijos', 'Su cuenta', 'Eliminaciones', 'Avisos']) await page.getByRole('link', { name: view, exact: true }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Sus hijos' }).waitFor();
  await page.getByRole('heading', { name: /^Hijos del 1 al \d+$/ }).waitFor();
  await shot(page, '01-lista-de-hijos');
  await page.locator('li.child-choice a').first().click();
  const child = page.locator('article.child');
  await child.getByRole('heading', { name: 'Lo que usted permite' }).waitFor();
  await child.getByRole('button', { name: 'Descargar todo (ZIP)' }).waitFor();
  await child.getByRole('button', { name: 'Eliminar a este hijo y todos sus datos' }).waitFor();
  await shot(page, '02-un-hijo');

  step('deleting a child: its receipt, verified in the page, reads in Spanish under "Eliminaciones"');
  const deleted = required('SPANISH_DELETED_CHILD_ID');
  await page.evaluate((route) => { window.location.hash = route; }, `#/children/${deleted}`);
  await page.locator(`article.child[data-child="${deleted}"]`)
    .getByRole('button', { name: 'Eliminar a este hijo y todos sus datos' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Eliminar todo' }).click();
  await page.waitForURL((url) => url.hash === '#/history');
  await page.getByRole('heading', { level: 1, name: 'Eliminaciones' }).waitFor();
  const erasure = page.locator('li.erasure').filter({ hasText: 'Todo lo relativo a' }).first();
  await erasure.locator('[data-verified="true"]').waitFor({ timeout: 120_000 });
  assert.match(await erasure.innerText(), /Firma válida\. KidSafe firmó este comprobante \(clave «[^»]+»\) y no se ha modificado/);
  assert.match(await erasure.innerText(), /Ilegible en nuestros sistemas activos desde el /);
  await shot(page, '03-comprobante');

  step("a changed receipt is refused with receipt.js's reason in Spanish");
  const erasureRoute = `**/api/v1/erasures/${await erasure.getAttribute('data-erasure')}`;
  await page.route(erasureRoute, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    // One character of the signed claims changed (every JWS payload starts with "eyJ"): the signature no longer matches.
    const [header, claims, signature] = body.receipt.split('.');
    await route.fulfill({ response, json: { ...body, receipt: `${header}.f${claims.slice(1)}.${signature}` } });
  });
  await erasure.getByRole('button', { name: 'Volver a comprobar la firma' }).click();
  await erasure.locator('[data-verified="false"]').waitFor();
  assert.match(await erasure.innerText(), /La firma no es válida\. La firma no coincide: es posible que este comprobante se haya modificado\./);
  await page.unroute(erasureRoute);
  await erasure.getByRole('button', { name: 'Volver a comprobar la firma' }).click();
  await erasure.locator('[data-verified="true"]').waitFor();

  step('the account view in Spanish');
  await page.getByRole('link', { name: 'Su cuenta', exact: true }).click();
  await page.getByRole('heading', { name: 'Su verificación como padre o madre' }).waitFor();
  await page.getByRole('button', { name: 'Dejar KidSafe' }).waitFor();

  step('the language switch brings English back at once');
  await page.locator('#language').selectOption('en');
  await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
  await page.getByRole('button', { name: 'Leave KidSafe' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.deepEqual(errors, [], `no script errors in the page: ${errors.join('; ')}`);
}

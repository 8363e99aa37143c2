// A new parent joins, in headless Chromium, as a parent would (issue 19 item 1): from the privacy center's "Create an
// account" to KidSafe's registration page (its theme checked: the KidSafe header, the notice that no child data is
// asked, the styles, a form with the parent's own fields only), the verification mail from the platform's real SMTP
// server, its link, the password (a short one refused by the realm's policy), and back in the privacy center signed
// in, where the API lists no child yet. Exits non-zero on the
// first failed check. Run by SignUpIT.
//
// Environment: GATEWAY_URL, MAILBOX_URL, NEW_PARENT_EMAIL, NEW_PARENT_PASSWORD, ARTIFACTS (screenshots), CHROMIUM.
import assert from 'node:assert/strict';
import { required, runJourney, shot, step } from './browser-journey.mjs';

const gateway = required('GATEWAY_URL');
const mailbox = required('MAILBOX_URL');
const email = required('NEW_PARENT_EMAIL');
const password = required('NEW_PARENT_PASSWORD');
const center = `${gateway}/privacy-center/`;
/**
 * The registration form's fields: the parent's own name and email, nothing about a child. The password comes once the
 * address is verified (Keycloak asks for it then, under the realm's policy, when the realm verifies email).
 */
const FORM_FIELDS = ['email', 'firstName', 'lastName'];

await runJourney(run);

async function run(context) {
  const page = context.pages()[0] || await context.newPage();

  step('the privacy center offers a new parent an account');
  await page.goto(center);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.waitForURL((url) => url.href.includes('/protocol/openid-connect/registrations'));
  assert.match(page.url(), /code_challenge_method=S256/);

  step('the registration page is KidSafe\'s');
  await page.locator('#kc-register-form').waitFor();
  assert.equal((await page.locator('#kc-header-wrapper').innerText()).trim(), 'KidSafe', 'as written: the theme undoes v2\'s capitals');
  assert.equal((await page.locator('#kc-page-title').textContent()).trim(), 'Create your KidSafe parent account');
  const notice = await page.locator('#kidsafe-signup-notice').innerText();
  assert.match(notice, /Parents and legal guardians sign up here/);
  assert.match(notice, /nothing about your child/);
  assert.equal(await page.locator('link[href*="/kidsafe/css/kidsafe.css"]').count(), 1, 'the theme\'s stylesheet');
  assert.equal(await page.locator('#kc-header-wrapper').evaluate((header) => getComputedStyle(header).color), 'rgb(11, 92, 173)',
    'the header in KidSafe\'s blue, from the theme\'s stylesheet');
  const fields = await page.locator('#kc-register-form input:not([type=hidden]):not([type=submit])')
    .evaluateAll((inputs) => inputs.map((input) => input.name).sort());
  assert.deepEqual(fields, [...FORM_FIELDS].sort(), 'the form asks for the parent\'s own account only');
  assert.doesNotMatch(await page.content(), /child_id/i);
  await shot(page, 'sign-up');

  step('a new parent registers');
  await page.locator('#email').fill(email);
  await page.locator('#firstName').fill('Nora');
  await page.locator('#lastName').fill('Newparent');
  await page.locator('#kc-register-form [type=submit]').click();
  await page.getByText(/verify your email address/i).first().waitFor();
  await shot(page, 'sign-up-verify-email');

  step('the verification mail arrives through the platform\'s SMTP server; its link is followed');
  const link = await verificationLink(email);
  await page.goto(link);
  const passwordForm = page.locator('#kc-passwd-update-form');
  const proceed = page.getByRole('link', { name: /proceed|continue/i });
  await passwordForm.or(proceed).first().waitFor();
  if (await proceed.count() > 0) {
    // Keycloak may ask to confirm first when the link opens outside the sign-up's own tab.
    await proceed.first().click();
  }

  step('the address verified, the new parent chooses a password, under the realm\'s policy');
  await passwordForm.waitFor();
  await page.locator('#password-new').fill('too-short');
  await page.locator('#password-confirm').fill('too-short');
  await passwordForm.locator('[type=submit]').first().click();
  await page.getByText(/minimum length 12/i).first().waitFor();
  await page.locator('#password-new').fill(password);
  await page.locator('#password-confirm').fill(password);
  await passwordForm.locator('[type=submit]').first().click();
  await page.waitForURL((url) => url.href === center);

  step('signed in as the new parent: the API answers, with no child yet');
  await page.getByRole('status').getByText('Your privacy center is ready').waitFor();
  assert.match(await page.locator('#signed-in-as').innerText(), new RegExp(email.replace(/[.+]/g, '\\$&'), 'i'));
  await page.locator('#children').getByText('You have not added a child yet.').waitFor();
  await shot(page, 'sign-up-signed-in');
}

/** The action-token link of the first mail to `to` (quoted-printable undone, HTML entities too). */
async function verificationLink(to) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const mails = await (await fetch(`${mailbox}?to=${encodeURIComponent(to)}`)).json();
    for (const mail of mails) {
      const body = (mail.body || '').replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
      const link = /https?:\/\/[^\s"'<>]+\/login-actions\/action-token\?[^\s"'<>]+/.exec(body);
      if (link) return link[0].replace(/&amp;/g, '&');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No verification mail to ${to} within 30 s`);
}

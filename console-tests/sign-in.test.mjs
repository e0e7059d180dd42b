// Sign-in, sign-out and what every role sees first; the console refuses integration keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, signIn, shoot, keys, scrollWidth, PHONE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('keyboard only: the key field has focus, Enter signs in', async () => {
  const page = await open(browser);
  await page.goto('/');
  assert.match(page.url(), /\/sign-in$/);
  await shoot(page, 'sign-in');
  const focused = await page.evaluate(() => document.activeElement?.id);
  assert.equal(focused, 'key');
  await page.keyboard.type(keys.merchant);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/merchant$/);
  // Tab from the top reaches the skip link first, and it is visible when focused.
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => document.activeElement?.className);
  assert.equal(skip, 'skip');
  await page.context().close();
});

test('a wrong key shows the error next to the field', async () => {
  const page = await open(browser);
  await page.goto('/sign-in');
  await page.fill('#key', 'rk_live_0000');
  await page.click('button[type=submit].primary');
  await page.waitForSelector('#key-error');
  assert.match(await page.textContent('#key-error'), /unknown or has been revoked/);
  assert.equal(await page.getAttribute('#key', 'aria-invalid'), 'true');
  await shoot(page, 'sign-in-error');
  await page.context().close();
});

test('an integration key is told the console is not for it', async () => {
  const page = await open(browser);
  await signIn(page, keys.integration);
  assert.match(await page.textContent('h1'), /not for integration keys/);
  await shoot(page, 'integration-refused');
  await page.goto('/');
  assert.match(page.url(), /\/sign-in$/);
  await page.context().close();
});

test('each role lands on its own start page, and signs out', async () => {
  const homes = { merchant: '/merchant', buyer: '/buyer', arbitrator: '/arbitration', operator: '/operations' };
  for (const [role, home] of Object.entries(homes)) {
    const page = await open(browser);
    await signIn(page, keys[role]);
    assert.equal(new URL(page.url()).pathname, home, role);
    // Every other role's area is refused with a page saying so.
    for (const other of Object.values(homes).filter((h) => h !== home)) {
      if (role === 'operator' && other === '/arbitration') continue; // operators read disputes too
      const response = await page.goto(other);
      assert.equal(response.status(), 403, `${role} on ${other}`);
    }
    if (role === 'merchant') await shoot(page, 'forbidden');
    await page.goto(home);
    await Promise.all([page.waitForNavigation(), page.click('text=Sign out')]);
    assert.match(page.url(), /\/sign-in$/);
    await page.goto(home);
    assert.match(page.url(), /\/sign-in$/, `${role} is signed out`);
    await page.context().close();
  }
});

test('the sign-in page fits a 375 px screen', async () => {
  const page = await open(browser, { viewport: PHONE });
  await page.goto('/sign-in');
  assert.ok(await scrollWidth(page) <= 375);
  await page.context().close();
});

test('the SANDBOX banner shows the clock; an operator advances it', async () => {
  const page = await open(browser);
  await signIn(page, keys.operator);
  assert.match(await page.textContent('.sandbox-banner'), /SANDBOX/);
  const before = await page.textContent('#sandbox-clock');
  await page.selectOption('#banner-advance-by', 'PT1H');
  await Promise.all([page.waitForNavigation(), page.click('.sandbox-banner button')]);
  assert.match(await page.textContent('#advance-result'), /What the advance caused/);
  assert.notEqual(await page.textContent('#sandbox-clock'), before);
  await shoot(page, 'sandbox-advance');
  await page.context().close();
});

test('the language follows the browser and switches zh ↔ en', async () => {
  const page = await open(browser, { locale: 'en-US' });
  await signIn(page, keys.merchant);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('h1'), /After-sales queue/);
  await Promise.all([page.waitForNavigation(), page.click('button:text("中文")')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('h1'), /售后工作台/);
  assert.match(new URL(page.url()).pathname, /^\/merchant$/, 'back on the same page');
  // The choice is kept: another page is in Chinese too, whatever the browser says.
  await page.goto('/merchant/metrics');
  assert.match(await page.textContent('h1'), /售后指标/);
  await Promise.all([page.waitForNavigation(), page.click('button:text("English")')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('h1'), /After-sales metrics/);
  await page.context().close();
  const chinese = await open(browser, { locale: 'zh-CN' });
  await chinese.goto('/sign-in');
  assert.equal(await chinese.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await chinese.textContent('h1'), /使用 API 密钥登录/);
  await chinese.context().close();
});

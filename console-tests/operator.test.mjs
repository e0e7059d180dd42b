// The operations dashboard: platform figures and trend, worst merchants, the latest
// evaluation and its penalty; the operator revokes the penalty (a blank reason refused next
// to its field), closes and restores refund handling, runs an evaluation; the dashboard
// refused to others.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, signIn, shoot, keys, seed, scrollWidth, PHONE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the dashboard shows figures, trend, worst merchants, the evaluation, policy and webhooks, in Chinese', async () => {
  const page = await open(browser, { locale: 'zh-CN' });
  await signIn(page, keys.operator);
  assert.match(page.url(), /\/operations$/);
  assert.match(await page.textContent('h1'), /运营总览/);
  const platform = await page.textContent('#platform');
  assert.match(platform, /纠纷介入率/);
  assert.match(platform, /商责纠纷率/);
  assert.ok(await page.isVisible('#trend-chart .uplot'), 'the chart is drawn');
  assert.match(await page.textContent('#worst-overdue_share'), new RegExp(seed.penaltyMerchant));
  assert.match(await page.textContent('#penalty-table'), /大量售后单逾期不处理/);
  assert.ok(seed.disputeRatePenalty, 'the seed recorded a dispute-rate penalty');
  assert.match(await page.textContent('#penalty-table'), /纠纷介入率不达标/);
  assert.match(await page.textContent('#policy'), /Asia\/Shanghai/);
  assert.ok(await page.isVisible('#webhooks'));
  await shoot(page, 'operations-dashboard');
  await page.setViewportSize(PHONE);
  assert.ok(await scrollWidth(page) <= 375, 'no horizontal scroll at 375 px');
  await page.context().close();
});

test('operator revokes a penalty, then closes and restores refund handling', async () => {
  assert.ok(seed.penalty, 'the seed recorded a penalty');
  const page = await open(browser);
  await signIn(page, keys.operator);
  await Promise.all([page.waitForNavigation(), page.click(`#penalty-table tr[data-penalty="${seed.penalty}"] a[href^="/operations/merchants/${seed.penaltyMerchant}#"]`)]);
  assert.match(await page.textContent('h1'), new RegExp(seed.penaltyMerchant));
  const card = `[data-penalty="${seed.penalty}"]`;
  assert.equal(await page.getAttribute(card, 'data-status'), 'active');
  await shoot(page, 'operations-merchant');
  await page.setViewportSize(PHONE);
  assert.ok(await scrollWidth(page) <= 375, 'no horizontal scroll at 375 px');
  await page.setViewportSize({ width: 1280, height: 800 });

  // A blank reason: refused, the message next to the field.
  await Promise.all([page.waitForNavigation(), page.click(`${card} button:text("Revoke the penalty")`)]);
  const field = `${card} textarea[name=text][aria-invalid=true]`;
  assert.ok(await page.isVisible(field), 'the field is marked invalid');
  const described = await page.getAttribute(field, 'aria-describedby');
  assert.ok((await page.textContent(`#${described}`)).length > 0);
  await shoot(page, 'operations-revoke-error');

  // A reason without the confirmation ticked: refused too, and the penalty stands (issue 19).
  await page.fill(`${card} form:has(input[value=revoke]) textarea`, 'Courier outage confirmed: the requests could not be answered');
  await Promise.all([page.waitForNavigation(), page.click(`${card} button:text("Revoke the penalty")`)]);
  assert.equal(await page.getAttribute(card, 'data-status'), 'active');
  assert.match(await page.textContent(`#${await page.getAttribute(field, 'aria-describedby')}`), /confirm/i);

  await page.fill(`${card} form:has(input[value=revoke]) textarea`, 'Courier outage confirmed: the requests could not be answered');
  await page.check(`${card} input[name=confirm]`);
  await Promise.all([page.waitForNavigation(), page.click(`${card} button:text("Revoke the penalty")`)]);
  assert.match(await page.textContent('.notice'), /revoked/);
  assert.equal(await page.getAttribute(card, 'data-status'), 'revoked');
  assert.match(await page.textContent(card), /Courier outage confirmed/);

  await page.fill('#close-reason', 'High risk: mass overdue requests');
  await Promise.all([page.waitForNavigation(), page.click('#close-refund-handling')]);
  assert.equal(await page.getAttribute('#refund-handling-state', 'data-closed'), 'yes');
  await Promise.all([page.waitForNavigation(), page.click('#restore-refund-handling')]);
  assert.equal(await page.getAttribute('#refund-handling-state', 'data-closed'), 'no');

  // A day off the policy's calendar is refused on the form, naming the next period.
  await page.goto('/operations');
  await page.fill('#run-day', '2026-03-05');
  await Promise.all([page.waitForNavigation(), page.click('#run-evaluation')]);
  assert.ok(await page.isVisible('#run-day[aria-invalid=true]'), 'the day is marked invalid');
  assert.match(await page.textContent('#run-day-error'), /\d{4}-\d{2}-\d{2}/);
  // The form offers the last period evaluated, which runs again safely (nothing twice).
  await page.goto('/operations');
  await Promise.all([page.waitForNavigation(), page.click('#run-evaluation')]);
  assert.match(await page.textContent('#run-result'), /The evaluation ran for/);
  await page.context().close();
});

test('the dashboard is not for merchants or arbitrators', async () => {
  for (const key of [keys.merchant, keys.arbitrator]) {
    const page = await open(browser);
    await signIn(page, key);
    const dashboard = await page.goto('/operations');
    assert.equal(dashboard.status(), 403);
    const merchant = await page.goto(`/operations/merchants/${seed.penaltyMerchant}`);
    assert.equal(merchant.status(), 403);
    await page.context().close();
  }
});

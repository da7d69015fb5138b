// The browser flows of scripts/test-browsers.sh: puppeteer-core drives Debian's Chromium
// (CDP) and Firefox ESR (WebDriver BiDi) against the pool. Every check prints
// `browsers: ok ENGINE FLOW: ...` or `browsers: FAIL ...`; the last line is
// `browsers: N passed, M failed`. Cookie values are never printed: names and sizes only.
// Configuration (JSON in $BROWSERS_CONFIG): http, https and control ports, out (dir for
// screenshots and pids), keyids (file of key ids and labels), php, partitioned, engines.
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const cfg = JSON.parse(process.env.BROWSERS_CONFIG);
const APP = 'app.test';
const OTHER = 'other.test';
const http = (host = APP) => `http://${host}:${cfg.http}`;
const https = (host = APP) => `https://${host}:${cfg.https}`;
const STEP_MS = 20000; // bound of any one navigation or browser call
const FLOW_MS = 90000; // bound of one flow
let passed = 0;
let failed = 0;

function check(what, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`browsers: ok ${what}`);
  } else {
    failed++;
    console.log(`browsers: FAIL ${what}${detail ? ` (${detail})` : ''}`);
  }
  return ok;
}
const info = (s) => console.log(`browsers: info ${s}`);
const bounded = (p, ms, what) =>
  Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms))]);

const ENGINES = {
  chromium: {
    browser: 'chrome',
    executablePath: '/usr/lib/chromium/chromium',
    args: [
      '--no-sandbox',
      `--host-resolver-rules=MAP ${APP} 127.0.0.1, MAP ${OTHER} 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`,
      '--no-proxy-server',
      '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,Translate,MediaRouter',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      '--disable-dev-shm-usage',
    ],
  },
  firefox: {
    browser: 'firefox',
    executablePath: '/usr/lib/firefox-esr/firefox-esr',
    extraPrefsFirefox: {
      // The two test names resolve to 127.0.0.1; everything else goes to a closed port.
      'network.dns.localDomains': `${APP},${OTHER}`,
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.share_proxy_settings': true,
      'network.proxy.no_proxies_on': `${APP},${OTHER},127.0.0.1`,
      'network.proxy.allow_hijacking_localhost': true,
      'network.trr.mode': 5,
      'devtools.jsonview.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'extensions.update.enabled': false,
      'app.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  },
};

// ---- the jar ----------------------------------------------------------------------------
const wire = (c) => c.name.length + 1 + c.value.length;
async function jar(ctx, host = APP) {
  const all = await bounded(ctx.cookies(), STEP_MS, 'cookies()');
  return all.filter((c) => c.domain === host || c.domain === `.${host}`).sort((a, b) => a.name.localeCompare(b.name));
}
const dataCookies = (cs) => cs.filter((c) => /^PHPSESSID_SC(_\d+)?$/.test(c.name));
const describe = (cs) => cs.map((c) => `${c.name}=${wire(c)}B`).join(' ') || '(none)';
// The chunks in use: NAME, NAME_1, ... NAME_{k-1}, nothing else.
function contiguous(cs) {
  const names = dataCookies(cs).map((c) => c.name).sort((a, b) => order(a) - order(b));
  return names.every((n, i) => n === (i === 0 ? 'PHPSESSID_SC' : `PHPSESSID_SC_${i}`));
}
const order = (n) => (n === 'PHPSESSID_SC' ? 0 : Number(n.split('_').pop()));
function keyIdOf(cs) {
  const c = cs.find((x) => x.name === 'PHPSESSID_SC');
  if (!c) return '';
  // a chunked value's first cookie starts with "<count>."
  return Buffer.from(c.value.replace(/^\d+\./, '').slice(0, 8), 'base64url').subarray(1, 5).toString('hex');
}
const labels = () =>
  Object.fromEntries(fs.readFileSync(cfg.keyids, 'utf8').trim().split('\n').map((l) => l.split(' ')));

// ---- pages ------------------------------------------------------------------------------
async function get(page, url) {
  const resp = await bounded(page.goto(url, { waitUntil: 'load', timeout: STEP_MS }), STEP_MS + 1000, url);
  const text = await bounded(page.evaluate(() => document.body.innerText), STEP_MS, 'body');
  try {
    return { ...JSON.parse(text), http: resp ? resp.status() : 0 };
  } catch {
    return { http: resp ? resp.status() : 0, ok: false, text: text.slice(0, 200) };
  }
}
function url(base, t, params = {}) {
  const q = new URLSearchParams({ t, rhb: '32768', hb: '0', ...params });
  return `${base}/t/x?${q}`;
}
async function control(action, server) {
  const body = new URLSearchParams(server === undefined ? {} : { server: String(server) });
  const r = await bounded(
    fetch(`http://127.0.0.1:${cfg.control}/${action}`, { method: 'POST', body }),
    60000,
    `control ${action}`,
  );
  return r.ok;
}

// ---- flows ------------------------------------------------------------------------------
const flows = {};

flows.kill = async (E, ctx, page) => {
  const F = `${E} login/use/logout, server 2 killed`;
  let a = await get(page, url(http(), 'login', { user: 'alice' }));
  let cs = await jar(ctx);
  check(`${F}: login answered, jar holds the id and one data cookie`,
    a.user === 'alice' && cs.some((c) => c.name === 'PHPSESSID') && dataCookies(cs).length === 1, describe(cs));
  const servers = new Set([a.server]);
  let good = true;
  const after = new Set();
  for (let i = 1; i <= 8; i++) {
    if (i === 4) {
      check(`${F}: server 2 killed (control server)`, await control('kill', 1));
    }
    a = await get(page, url(http(), 'incr'));
    cs = await jar(ctx);
    servers.add(a.server);
    if (i >= 4) after.add(a.server);
    if (!(a.http === 200 && a.user === 'alice' && a.n === i && dataCookies(cs).length === 1)) {
      good = false;
      check(`${F}: increment ${i}`, false, `HTTP ${a.http} status ${a.status} user ${a.user} n ${a.n} jar ${describe(cs)}`);
    }
  }
  check(`${F}: 8 increments, each answer 200 with the count the browser's jar carried`, good);
  check(`${F}: answered by several servers (${[...servers].sort().join(',')})`, servers.size >= 2);
  check(`${F}: nothing answered by the killed server after the kill`, !after.has('fpm2'), [...after].join(','));
  a = await get(page, url(http(), 'logout'));
  cs = await jar(ctx);
  check(`${F}: logout: the jar holds no data cookie`, dataCookies(cs).length === 0, describe(cs));
  a = await get(page, url(http(), 'show'));
  check(`${F}: after logout the next request is logged out (status ${a.status})`,
    a.user === null && !Object.keys(a.carried || {}).some((n) => n.startsWith('PHPSESSID_SC')));
  check(`${F}: server 2 restarted`, await control('start', 1));
};

flows.chunks = async (E, ctx, page) => {
  const F = `${E} chunks (max_size 16384)`;
  const p = { ms: '16384' };
  await get(page, url(http(), 'login', { ...p, user: 'bob' }));
  let prev = 0;
  const steps = [
    ['pad', 1000, 1], ['pad', 5000, 2], ['pad', 9000, 3], ['pad', 11500, 4],
    ['pad', 6000, 2], ['pad', 2000, 1], ['pad', 20000, 'refused'], ['unpad', 0, 1],
  ];
  let last = [];
  for (const [t, n, want] of steps) {
    const a = await get(page, url(http(), t, { ...p, n: String(n), kind: 'r' }));
    const cs = await jar(ctx);
    const dc = dataCookies(cs);
    info(`${F}: jar after ${t === 'pad' ? `pad ${n} B` : 'unpad'}: ${describe(cs)} (total data ${dc.reduce((s, c) => s + wire(c), 0)} B)`);
    const shown = await get(page, url(http(), 'show', p));
    const carried = Object.keys(shown.carried || {}).filter((k) => k.startsWith('PHPSESSID_SC')).sort();
    const inJar = dc.map((c) => c.name).sort();
    if (want === 'refused') {
      check(`${F}: pad ${n} B over max_size refused: jar unchanged, session unchanged, warning`,
        describe(cs) === describe(last) && shown.pad === prev && (a.warnings || []).length > 0,
        `jar ${describe(cs)}, pad ${shown.pad}, warnings ${(a.warnings || []).length}`);
      continue;
    }
    prev = t === 'pad' ? n : null;
    check(`${F}: ${t} ${n || ''}: ${want} chunk(s) in the jar, contiguous, none stale, each <= 4096 B`,
      dc.length === want && contiguous(cs) && dc.every((c) => wire(c) <= 4096), describe(cs));
    check(`${F}: ${t} ${n || ''}: the next request carries exactly the jar's chunks and opens (${shown.status})`,
      JSON.stringify(carried) === JSON.stringify(inJar) && shown.user === 'bob' && shown.pad === prev &&
        shown.status === 'valid', `carried ${carried.join(',')}`);
    if (shown.facts) {
      const bytes = dc.reduce((s, c) => s + wire(c), 0);
      check(`${F}: ${t} ${n || ''}: sealedcookie_facts() counts the jar's chunks and bytes (${shown.facts.chunks}, ${shown.facts.wire_bytes} B)`,
        shown.facts.chunks === dc.length && shown.facts.wire_bytes === bytes, `jar ${dc.length}, ${bytes} B`);
    }
    last = cs;
  }
  await get(page, url(http(), 'pad', { ...p, n: '11500', kind: 'r' }));
  await get(page, url(http(), 'logout', p));
  const cs = await jar(ctx);
  info(`${F}: jar after logout from 4 chunks: ${describe(cs)}`);
  check(`${F}: session_destroy() with 4 chunks: no data cookie left in the jar`, dataCookies(cs).length === 0,
    describe(cs));
};

flows.regenerate = async (E, ctx, page) => {
  const F = `${E} session_regenerate_id`;
  await get(page, url(http(), 'login', { user: 'carol' }));
  let cs = await jar(ctx);
  const id0 = cs.find((c) => c.name === 'PHPSESSID')?.value;
  const a = await get(page, url(http(), 'regen'));
  cs = await jar(ctx);
  const id1 = cs.find((c) => c.name === 'PHPSESSID')?.value;
  check(`${F}: a new id in the jar, one data cookie re-sealed under it`,
    a.user === 'carol' && id0 && id1 && id0 !== id1 && dataCookies(cs).length === 1, describe(cs));
  const s = await get(page, url(http(), 'show'));
  check(`${F}: the next request opens the session under the new id (${s.status})`,
    s.user === 'carol' && s.status === 'valid');
};

flows.edge = async (E, ctx, page) => {
  const F = `${E} 4096-byte edge`;
  // The browser's own limit first: one plain cookie per size, name=value exactly L bytes,
  // each on its own path so that no request carries more than one of them.
  const sizes = [4094, 4095, 4096, 4097, 4098, 4099, 5000];
  for (const L of sizes) await get(page, `${http()}/t/raw${L}/?t=raw&name=raw${L}&len=${L}`);
  let cs = await jar(ctx);
  const kept = sizes.filter((L) => cs.some((c) => c.name === `raw${L}` && wire(c) === L));
  const largest = Math.max(...kept);
  info(`${E}: largest cookie kept: ${largest} bytes on the wire (name=value; name+value ${largest - 1}); kept ${kept.join(',')} of ${sizes.join(',')}`);
  check(`${F}: the browser keeps every cookie up to 4096 bytes (name=value), so all we seal (largest kept ${largest})`,
    [4094, 4095, 4096].every((L) => kept.includes(L)) && largest >= 4096 && !kept.includes(5000));
  cs = [];
  // Now a data cookie of exactly 4096 bytes (max_size 4096, the default).
  await get(page, url(http(), 'login', { user: 'dave' }));
  let n = 2000;
  let size = 0;
  for (let i = 0; i < 12 && size !== 4096; i++) {
    await get(page, url(http(), 'pad', { n: String(n) }));
    cs = await jar(ctx);
    const dc = dataCookies(cs);
    size = dc.length === 1 ? wire(dc[0]) : 0;
    if (size === 4096) break;
    // 4 base64url characters per 3 bytes; while over, step down by one.
    n = size === 0 ? n - 1 : n + Math.max(1, Math.floor(((4096 - size) * 3) / 4)) * (size > 4096 ? -1 : 1);
  }
  const s = await get(page, url(http(), 'show'));
  check(`${F}: a data cookie of exactly 4096 bytes is kept and opens (pad ${n}, ${s.status})`,
    size === 4096 && s.pad === n && s.status === 'valid' && s.carried.PHPSESSID_SC === 4096, `size ${size}`);
  info(`${E}: encoded session at the edge ${s.encoded} B, sealedcookie_max_session_size() ${s.fits} B`);
  // One byte more: the next wire size is one the browser drops, so it must be refused.
  const a = await get(page, url(http(), 'pad', { n: String(n + 1) }));
  cs = await jar(ctx);
  const s2 = await get(page, url(http(), 'show'));
  check(`${F}: one byte more of session (4097+ B on the wire; the browser drops from ${largest + 1}) is refused with a warning; the jar keeps the 4096-byte cookie`,
    (a.warnings || []).length > 0 && dataCookies(cs).length === 1 && wire(dataCookies(cs)[0]) === 4096 &&
      s2.pad === n, `${describe(cs)}; ${(a.warnings || [])[0] || 'no warning'}`);
};

flows.httponly = async (E, ctx, page) => {
  const F = `${E} HttpOnly`;
  await get(page, url(http(), 'login', { user: 'erin' }));
  const dc = dataCookies(await jar(ctx));
  const seen = await page.evaluate(() => document.cookie);
  check(`${F}: the data cookie is HttpOnly in the jar and absent from document.cookie`,
    dc.length === 1 && dc.every((c) => c.httpOnly) && !seen.includes('PHPSESSID'), `document.cookie "${seen.replace(/=[^;]*/g, '=…')}"`);
};

async function crossSite(page, target) {
  await get(page, `${http(OTHER)}/t/x?${new URLSearchParams({ t: 'cross', target })}`);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  let inFrame = null;
  if (frame) {
    try {
      inFrame = JSON.parse(await bounded(frame.evaluate(() => document.body.innerText), STEP_MS, 'frame'));
    } catch {
      inFrame = null;
    }
  }
  await bounded(Promise.all([page.waitForNavigation({ timeout: STEP_MS }), page.click('#go')]), STEP_MS + 1000, 'link');
  const top = JSON.parse(await page.evaluate(() => document.body.innerText));
  const has = (x) => Object.keys(x?.got || {}).some((n) => n.startsWith('PHPSESSID_SC'));
  return { frame: inFrame ? has(inFrame) : null, top: has(top) };
}

flows.samesite = async (E, ctx, page) => {
  for (const ss of ['Lax', 'Strict']) {
    const F = `${E} SameSite=${ss}`;
    await get(page, url(http(), 'login', { user: 'frank', ss }));
    const dc = dataCookies(await jar(ctx));
    check(`${F}: jar says sameSite ${ss}`, dc.length === 1 && dc[0].sameSite === ss, dc[0]?.sameSite);
    const before = describe(await jar(ctx));
    const r = await crossSite(page, url(http(), 'got'));
    const after = describe(await jar(ctx));
    check(`${F}: the jar is unchanged by the cross-site requests`, before === after, `${before} -> ${after}`);
    check(`${F}: a cross-site iframe request carries no data cookie`, r.frame === false, `frame ${r.frame}`);
    check(`${F}: a cross-site top-level link ${ss === 'Lax' ? 'carries' : 'does not carry'} it`,
      r.top === (ss === 'Lax'), `top ${r.top}`);
    await get(page, url(http(), 'logout', { ss }));
  }
};

flows.secure = async (E, ctx, page) => {
  const F = `${E} Secure`;
  let a = await get(page, url(https(), 'login', { user: 'gina', secure: '1' }));
  let cs = await jar(ctx);
  let dc = dataCookies(cs);
  check(`${F}: over HTTPS the data cookie is stored with Secure`, a.user === 'gina' && dc.length === 1 && dc[0].secure,
    describe(cs));
  a = await get(page, url(https(), 'incr', { secure: '1' }));
  check(`${F}: over HTTPS it comes back and opens (${a.status})`, a.n === 1 && a.status === 'valid');
  a = await get(page, url(http(), 'got'));
  check(`${F}: plain HTTP to the same host does not carry it`,
    !Object.keys(a.got || {}).some((n) => n.startsWith('PHPSESSID_SC')));
  await get(page, url(https(), 'logout', { secure: '1' }));
  cs = await jar(ctx);
  check(`${F}: logout over HTTPS leaves no data cookie`, dataCookies(cs).length === 0, describe(cs));
};

flows.path = async (E, ctx, page) => {
  const F = `${E} cookie path /t/scoped/`;
  const base = http();
  const q = (t) => `?${new URLSearchParams({ t, path: '/t/scoped/', rhb: '32768' })}`;
  await get(page, `${base}/t/scoped/${q('login')}&user=hank`);
  const dc = dataCookies(await jar(ctx));
  check(`${F}: jar holds the data cookie with that path`, dc.length === 1 && dc[0].path === '/t/scoped/', dc[0]?.path);
  const out = await get(page, `${base}/t/other/?t=got`);
  const inside = await get(page, `${base}/t/scoped/${q('show')}`);
  const cs = await jar(ctx);
  check(`${F}: every cookie the login set has that path`, cs.length === 2 && cs.every((c) => c.path === '/t/scoped/'),
    cs.map((c) => `${c.name}@${c.path}`).join(' '));
  check(`${F}: sent below the path only`,
    !Object.keys(out.got || {}).some((n) => n.startsWith('PHPSESSID')) && inside.user === 'hank',
    `outside carried ${Object.keys(out.got || {}).join(',') || 'nothing'}; inside ${inside.user} ${inside.status} ${inside.http}`);
  await get(page, `${base}/t/scoped/${q('logout')}`);
  check(`${F}: logout removes it`, dataCookies(await jar(ctx)).length === 0);
};

flows.partitioned = async (E, ctx, page) => {
  const F = `${E} Partitioned`;
  if (!cfg.partitioned) {
    console.log(`browsers: skip ${F}: skipped-by-version (PHP ${cfg.php} has no session.cookie_partitioned; PHP 8.5+)`);
    return;
  }
  const p = { secure: '1', ss: 'None', part: '1' };
  const a = await get(page, url(https(), 'login', { ...p, user: 'ivy' }));
  const dc = dataCookies(await jar(ctx));
  check(`${F}: the data cookie is stored partitioned`, a.user === 'ivy' && dc.length === 1 &&
    (dc[0].partitionKey !== undefined || dc[0].partitioned === true), JSON.stringify(dc[0]?.partitionKey ?? null));
  const s = await get(page, url(https(), 'show', p));
  check(`${F}: it comes back and opens (${s.status})`, s.user === 'ivy' && s.status === 'valid');
  await get(page, url(https(), 'logout', p));
  check(`${F}: logout removes it`, dataCookies(await jar(ctx)).length === 0);
};

flows.rotation = async (E, ctx, page) => {
  const F = `${E} key rotation while logged in`;
  await get(page, url(http(), 'login', { user: 'jack' }));
  const before = keyIdOf(await jar(ctx));
  check(`${F}: key rotated on every server (control server)`, await control('rotate'));
  const L = labels();
  const newest = Object.keys(L).pop();
  const a = await get(page, url(http(), 'incr'));
  const after = keyIdOf(await jar(ctx));
  check(`${F}: the first request after it opens the old seal (${a.status}) and re-seals with ${L[newest]}`,
    a.user === 'jack' && a.n === 1 && a.status === 'resealed' && after === newest && before !== after,
    `${L[before] ?? before} -> ${L[after] ?? after}`);
  const b = await get(page, url(http(), 'incr'));
  check(`${F}: the next one finds it valid`, b.n === 2 && b.status === 'valid');
  await get(page, url(http(), 'logout'));
};

flows.compress = async (E, ctx, page) => {
  const F = `${E} compression`;
  await get(page, url(http(), 'login', { user: 'kim', ms: '16384', cz: '1' }));
  let a = await get(page, url(http(), 'pad', { n: '9000', kind: 'x', ms: '16384', cz: '1' }));
  let cs = await jar(ctx);
  info(`${F}: on, 9000 B of padding: ${describe(cs)}`);
  check(`${F}: on: 9000 compressible bytes fit one small cookie`,
    dataCookies(cs).length === 1 && wire(dataCookies(cs)[0]) < 1000, describe(cs));
  a = await get(page, url(http(), 'pad', { n: '9001', kind: 'x', ms: '16384', cz: '0' }));
  cs = await jar(ctx);
  info(`${F}: off, 9001 B of padding: ${describe(cs)}`);
  check(`${F}: off: the same session takes 3 chunks`, dataCookies(cs).length === 3 && contiguous(cs), describe(cs));
  a = await get(page, url(http(), 'incr', { ms: '16384', cz: '1' }));
  cs = await jar(ctx);
  check(`${F}: on again: one cookie, the 2 chunks deleted, session intact (${a.status})`,
    dataCookies(cs).length === 1 && a.pad === 9001 && a.n === 1, describe(cs));
  await get(page, url(http(), 'logout', { ms: '16384' }));
};

flows.many = async (E, ctx, page) => {
  const F = `${E} cookies per domain`;
  await get(page, url(http(), 'many', { n: '180', prefix: 'm' }));
  const full = (await jar(ctx)).length;
  await get(page, url(http(), 'many', { n: '1', prefix: 'm', from: '180' }));
  const after = (await jar(ctx)).length;
  info(`${E}: cookies per domain: ${full} kept of 180 set; one more and the jar holds ${after} (evicted down)`);
  check(`${F}: the browser keeps at least 33 cookies for one host (our 32 chunks + the session id)`, full >= 33,
    String(full));
};

flows.demo = async (E, ctx, page) => {
  const F = `${E} demo page`;
  const shot = async (name) => {
    const file = path.join(cfg.out, `${E}-${name}.png`);
    await bounded(page.screenshot({ path: file, fullPage: true }), STEP_MS, 'screenshot');
    return file;
  };
  const text = async (sel) => bounded(page.$eval(sel, (e) => e.textContent.trim()), STEP_MS, sel);
  const click = async (sel) =>
    bounded(Promise.all([page.waitForNavigation({ timeout: 30000 }), page.click(sel)]), 31000, sel);
  await page.setViewport({ width: 1100, height: 760 });
  await bounded(page.goto(`${http()}/demo`, { timeout: STEP_MS }), STEP_MS, 'demo');
  check(`${F}: opens, logged out`, (await text('#session')).includes('not logged in') && (await text('#server')).startsWith('fpm'));
  await shot('1-start');
  await click('#login');
  await click('#incr');
  check(`${F}: logged in, count 1`, (await text('#session')).includes('"n": 1'));
  await click('#grow');
  await click('#grow');
  await click('#grow');
  const chunks = Number(await text('#chunks'));
  info(`${F}: after growing: ${chunks} chunks, ${await text('#size')} B, key ${await text('#key')}`);
  check(`${F}: grown over several chunks`, chunks >= 2);
  await shot('2-grown');
  await click('#kill-1');
  await click('#incr');
  await click('#incr');
  check(`${F}: server 2 killed, count 3, nothing lost`,
    (await text('#session')).includes('"n": 3') && page.url().endsWith('/demo') && (await page.content()).includes('class="down"'));
  await shot('3-server-killed');
  await click('#rotate');
  await click('#reload');
  const key = await text('#key');
  const L = labels();
  check(`${F}: after the rotation the browser holds a cookie sealed with the new key (${key})`,
    key === L[Object.keys(L).pop()]);
  await shot('4-rotated');
  await click('#start-1');
  await click('#shrink');
  check(`${F}: server 2 back, shrunk to one cookie`, Number(await text('#chunks')) === 1 || Number(await text('#chunks')) === 0);
  await click('#logout');
  const cs = await jar(ctx);
  check(`${F}: logged out, no data cookie in the jar`, (await text('#session')).includes('not logged in') &&
    dataCookies(cs).length === 0, describe(cs));
  await shot('5-logged-out');
};

// ---- engines ----------------------------------------------------------------------------
async function runEngine(name) {
  const spec = ENGINES[name];
  let browser;
  try {
    browser = await bounded(
      puppeteer.launch({ ...spec, headless: true, acceptInsecureCerts: true, timeout: 30000, protocolTimeout: 30000 }),
      40000, `launch ${name}`);
  } catch (e) {
    check(`${name} launches (${spec.executablePath})`, false, e.message.split('\n')[0]);
    return;
  }
  const proc = browser.process();
  if (proc) fs.appendFileSync(path.join(cfg.out, 'pids'), `${proc.pid}\n`);
  info(`${name}: ${await browser.version()}`);
  for (const [flow, fn] of Object.entries(flows)) {
    const ctx = await browser.createBrowserContext();
    const page = await ctx.newPage();
    try {
      await bounded(fn(name, ctx, page), FLOW_MS, flow);
    } catch (e) {
      check(`${name} ${flow}: completed`, false, e.message.split('\n')[0]);
    }
    await bounded(ctx.close(), STEP_MS, 'close context').catch(() => {});
  }
  await bounded(browser.close(), 20000, 'close').catch(() => proc?.kill('SIGKILL'));
}

for (const engine of cfg.engines.split(/\s+/).filter(Boolean)) {
  await runEngine(engine);
}
console.log(`browsers: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

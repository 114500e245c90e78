// The web app's speed, as docs/benchmarks.md reports it (`make bench-web`):
//
//   - Lighthouse (desktop preset) on the sign-in screen and on the workspace of a user with
//     10,000 tasks: performance, accessibility and best-practices scores, the median of a few runs;
//   - the JavaScript the first screen needs, as sent (brotli) and gzipped;
//   - the first usable screen, unthrottled, from a cold cache: the sign-in form ready to type in,
//     and the signed-in workspace showing its first tasks;
//   - scrolling the list of 10,000 tasks: frames per second while it moves by a fast flick's
//     distance every frame, the slowest frames, and how many took longer than 50 ms.
//
// It starts `todo-chatbot run` (the embedded runtime serving web/out) on a fresh data
// directory, drives Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), and writes its
// figures to bench/results/web-<time>.json as well as printing them.

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import puppeteer from "puppeteer-core";

const ROOT = new URL("../../", import.meta.url).pathname;
const WEB_OUT = join(ROOT, "web", "out");
const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const PORT = Number(process.env.BENCH_WEB_PORT ?? 8731);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const TASKS = Number(process.env.BENCH_WEB_TASKS ?? 10_000);
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_WEB_LIGHTHOUSE_RUNS ?? 3);
const COLD_LOADS = 5;
const SCROLL_FRAMES = 600;
const FLICK_PX_PER_FRAME = 40;
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"];
const CATEGORIES = ["performance", "accessibility", "best-practices"];

const say = (line) => console.log(`[bench-web] ${line}`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function startServer(dataDir) {
  const server = spawn(
    join(ROOT, ".venv", "bin", "todo-chatbot"),
    ["run", "--port", String(PORT), "--data-dir", dataDir],
    { env: { ...process.env, TODO_WEB_DIR: WEB_OUT }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let errors = "";
  server.stderr.on("data", (chunk) => (errors += chunk));
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (server.exitCode !== null) throw new Error(`todo-chatbot run exited: ${errors}`);
    try {
      if ((await fetch(`${ORIGIN}/readyz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.kill();
  throw new Error(`todo-chatbot run did not get ready on ${ORIGIN}: ${errors}`);
}

async function api(path, { token, body, method = "POST" } = {}) {
  const response = await fetch(`${ORIGIN}${path}`, {
    method,
    headers: {
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A user with TASKS tasks of every kind the list shows: dues past and ahead, priorities, tags. */
async function seedUser() {
  const session = await api("/api/auth/register", {
    body: { email: "bench@example.com", password: "a long bench password", timezone: "Europe/Paris" },
  });
  const priorities = [null, "low", "medium", "high"];
  const tags = [[], ["home"], ["work", "urgent"], ["errands"]];
  const day = 24 * 60 * 60 * 1000;
  let next = 0;
  let lastShown = Date.now();
  const worker = async () => {
    while (next < TASKS) {
      const index = next++;
      const due = index % 3 === 0 ? null : new Date(Date.now() + ((index % 60) - 20) * day).toISOString();
      await api("/api/tasks", {
        token: session.access_token,
        body: {
          title: `Task ${index + 1}: ${["call the plumber", "write the report", "buy milk", "plan the trip"][index % 4]}`,
          priority: priorities[index % 4],
          tags: tags[index % 4],
          due,
        },
      });
      if (Date.now() - lastShown > 5000) {
        lastShown = Date.now();
        say(`seeding: ${index + 1} of ${TASKS} tasks`);
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return session;
}

async function signInPage(browser, session) {
  const page = await browser.newPage();
  await page.goto(`${ORIGIN}/`, { waitUntil: "domcontentloaded" });
  await page.evaluate((value) => localStorage.setItem("todo.session", value), JSON.stringify(session));
  await page.close();
}

async function runLighthouse(port, url, signedIn) {
  const result = await lighthouse(
    url,
    { port, output: "json", logLevel: "error", onlyCategories: CATEGORIES, disableStorageReset: signedIn },
    desktopConfig,
  );
  const { categories, audits } = result.lhr;
  const requests = audits["network-requests"].details.items;
  if (signedIn && !requests.some((item) => new URL(item.url).pathname === "/api/tasks")) {
    throw new Error("Lighthouse's signed-in run did not load the tasks: the session was not kept");
  }
  const scripts = requests.filter((item) => item.resourceType === "Script");
  return {
    scores: Object.fromEntries(CATEGORIES.map((name) => [name, Math.round(categories[name].score * 100)])),
    metrics: {
      firstContentfulPaintMs: Math.round(audits["first-contentful-paint"].numericValue),
      largestContentfulPaintMs: Math.round(audits["largest-contentful-paint"].numericValue),
      totalBlockingTimeMs: Math.round(audits["total-blocking-time"].numericValue),
      interactiveMs: Math.round(audits.interactive.numericValue),
      cumulativeLayoutShift: round(audits["cumulative-layout-shift"].numericValue, 3),
    },
    scripts: scripts.map((item) => ({ url: item.url, transferBytes: item.transferSize })),
    failing: Object.values(audits)
      .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== "informative")
      .map((audit) => `${audit.id} (${audit.score})`),
  };
}

function medianRun(runs) {
  const byPerformance = [...runs].sort((a, b) => a.scores.performance - b.scores.performance);
  const chosen = byPerformance[Math.floor(runs.length / 2)];
  return { ...chosen, performanceScores: runs.map((run) => run.scores.performance) };
}

/** The JavaScript the first screen loaded, as sent (Lighthouse's transfer sizes) and gzipped. */
function firstScreenScripts(scripts) {
  let gzipped = 0;
  let brotli = 0;
  for (const { url } of scripts) {
    const file = readFileSync(join(WEB_OUT, new URL(url).pathname));
    gzipped += gzipSync(file, { level: 9 }).length;
    brotli += brotliCompressSync(file).length;
  }
  return {
    files: scripts.length,
    transferredKB: round(scripts.reduce((sum, item) => sum + item.transferBytes, 0) / 1024),
    gzippedKB: round(gzipped / 1024),
    brotliKB: round(brotli / 1024),
  };
}

/** Milliseconds from navigation start until `ready` holds in a fresh, cold browser context:
 * the page itself checks every frame from its first script on, and notes the moment. */
async function firstUsable(browser, session, ready) {
  const times = [];
  for (let load = 0; load < COLD_LOADS; load += 1) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    if (session) {
      await page.evaluateOnNewDocument((value) => localStorage.setItem("todo.session", value), JSON.stringify(session));
    }
    await page.evaluateOnNewDocument(`(() => {
      const ready = ${ready.toString()};
      const check = () => (ready() ? (window.__usableAt = performance.now()) : requestAnimationFrame(check));
      requestAnimationFrame(check);
    })()`);
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => window.__usableAt !== undefined, { timeout: 30_000 });
    times.push(await page.evaluate(() => window.__usableAt));
    await context.close();
  }
  return { medianMs: Math.round(median(times)), runsMs: times.map(Math.round) };
}

const signInReady = () => {
  const email = document.querySelector('input[type="email"]');
  return email !== null && !email.disabled;
};
const tasksReady = () => document.querySelectorAll('[role="list"][aria-label="Tasks"] [role="listitem"]').length > 0;

/** Scroll the list of tasks by a flick's distance every frame; the frames' intervals. */
async function scrollFrames(browser, session) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.evaluateOnNewDocument((value) => localStorage.setItem("todo.session", value), JSON.stringify(session));
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(tasksReady, { timeout: 30_000 });
  const intervals = await page.evaluate(
    (frames, step) =>
      new Promise((resolve) => {
        const scroller = document.querySelector(".task-scroller");
        const stamps = [];
        const tick = (now) => {
          stamps.push(now);
          if (stamps.length > frames) {
            resolve(stamps.slice(1).map((stamp, index) => stamp - stamps[index]));
            return;
          }
          scroller.scrollTop += step;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    SCROLL_FRAMES,
    FLICK_PX_PER_FRAME,
  );
  const rows = await page.evaluate(() => document.querySelector(".task-scroller").scrollTop);
  await page.close();
  const total = intervals.reduce((sum, value) => sum + value, 0);
  return {
    frames: intervals.length,
    scrolledPx: Math.round(rows),
    framesPerSecond: round((intervals.length * 1000) / total),
    p95FrameMs: round(percentile(intervals, 0.95)),
    slowestFrameMs: round(Math.max(...intervals)),
    framesOver50Ms: intervals.filter((value) => value > 50).length,
  };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-web-"));
  say(`starting todo-chatbot run on ${ORIGIN} (data in ${dataDir})`);
  const server = await startServer(dataDir);
  let chrome;
  try {
    say(`seeding a user with ${TASKS} tasks`);
    const seedStart = Date.now();
    const session = await seedUser();
    say(`seeded in ${round((Date.now() - seedStart) / 1000)} s`);

    chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: CHROME_FLAGS });
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });

    const signInRuns = [];
    for (let run = 0; run < LIGHTHOUSE_RUNS; run += 1) {
      say(`lighthouse, sign-in screen, run ${run + 1} of ${LIGHTHOUSE_RUNS}`);
      signInRuns.push(await runLighthouse(chrome.port, `${ORIGIN}/`, false));
    }
    await signInPage(browser, session);
    const workspaceRuns = [];
    for (let run = 0; run < LIGHTHOUSE_RUNS; run += 1) {
      say(`lighthouse, workspace with ${TASKS} tasks, run ${run + 1} of ${LIGHTHOUSE_RUNS}`);
      workspaceRuns.push(await runLighthouse(chrome.port, `${ORIGIN}/`, true));
    }
    const signIn = medianRun(signInRuns);
    const workspace = medianRun(workspaceRuns);

    say("first usable screen, cold, unthrottled");
    const firstSignIn = await firstUsable(browser, null, signInReady);
    const firstWorkspace = await firstUsable(browser, session, tasksReady);

    say(`scrolling ${TASKS} tasks`);
    const scrolling = await scrollFrames(browser, session);
    await browser.disconnect();

    const figures = {
      measuredAt: new Date().toISOString(),
      chromium: (await (await fetch(`http://127.0.0.1:${chrome.port}/json/version`)).json()).Browser,
      tasks: TASKS,
      lighthouse: { signIn, workspace },
      firstScreenJavaScript: firstScreenScripts(signIn.scripts),
      firstUsable: { signIn: firstSignIn, workspace: firstWorkspace },
      scrolling,
    };
    report(figures);
    mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
    const file = join(ROOT, "bench", "results", `web-${figures.measuredAt.replace(/[-:]|\.\d+/g, "")}.json`);
    writeFileSync(file, JSON.stringify(figures, null, 2));
    say(`figures written to ${file}`);
  } finally {
    await chrome?.kill();
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(figures) {
  const { signIn, workspace } = figures.lighthouse;
  const scores = (run) =>
    `${run.scores.performance} / ${run.scores.accessibility} / ${run.scores["best-practices"]}` +
    ` (performance runs: ${run.performanceScores.join(", ")})`;
  const metrics = (run) =>
    `FCP ${run.metrics.firstContentfulPaintMs} ms, LCP ${run.metrics.largestContentfulPaintMs} ms, ` +
    `TBT ${run.metrics.totalBlockingTimeMs} ms, TTI ${run.metrics.interactiveMs} ms, CLS ${run.metrics.cumulativeLayoutShift}`;
  const js = figures.firstScreenJavaScript;
  const scroll = figures.scrolling;
  console.log(`
${figures.chromium}, ${figures.tasks} tasks
Lighthouse desktop, performance / accessibility / best practices:
  sign-in screen:  ${scores(signIn)}
                   ${metrics(signIn)}
  workspace:       ${scores(workspace)}
                   ${metrics(workspace)}
  audits under 0.9: sign-in ${signIn.failing.join(", ") || "none"}; workspace ${workspace.failing.join(", ") || "none"}
First screen's JavaScript: ${js.files} files, ${js.transferredKB} KB sent (brotli), ${js.gzippedKB} KB gzipped
First usable screen, cold cache, unthrottled (median of ${COLD_LOADS}):
  sign-in form ready:    ${figures.firstUsable.signIn.medianMs} ms (${figures.firstUsable.signIn.runsMs.join(", ")})
  workspace with tasks:  ${figures.firstUsable.workspace.medianMs} ms (${figures.firstUsable.workspace.runsMs.join(", ")})
Scrolling ${figures.tasks} tasks, ${FLICK_PX_PER_FRAME} px a frame for ${scroll.frames} frames (${scroll.scrolledPx} px):
  ${scroll.framesPerSecond} frames/s, p95 frame ${scroll.p95FrameMs} ms, slowest ${scroll.slowestFrameMs} ms, ${scroll.framesOver50Ms} frames over 50 ms
`);
}

await main();

// CPU profiles taken in this process with the inspector (what `node
// --cpu-prof` records), reduced to self time per frame and per area
// (undici, openapi-fetch, our dist, ...), so that a missed target can say
// what dominates.
import { Session } from 'node:inspector/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../../scripts/lib/project.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface FrameTime {
  /** `function (file:line)`, the file relative to the project or as node names it. */
  frame: string;
  area: string;
  /** Self time, in microseconds. */
  selfUs: number;
}

export interface ProfileSummary {
  frames: FrameTime[];
  /** Self time per area, in microseconds, idle time excluded. */
  areas: Map<string, number>;
  /** All sampled time except idle, in microseconds. */
  busyUs: number;
}

/** Which part of the stack a frame belongs to. */
export function areaOf({ functionName, url }: CallFrame): string {
  if (url === '') {
    if (/^\(.*\)$/.test(functionName)) return functionName;
    // ajv compiles each schema with new Function into validateN functions, which have no file.
    if (/^validate\d+$/.test(functionName)) return 'ajv-compiled validators';
    return 'V8 builtins and native code (JSON.parse, socket writes, microtasks)';
  }
  if (url.includes('/node_modules/openapi-fetch/')) return 'openapi-fetch';
  if (url.includes('/node_modules/ajv')) return 'ajv, ajv-formats';
  if (url.includes('/dist/response-validator')) return 'our validator chunk (dist/response-validator-*.js)';
  if (url.includes('/dist/')) return 'our client (dist/index.js)';
  if (url.includes('/bench/')) return 'benchmark harness';
  if (url.startsWith('node:internal/deps/undici')) return 'undici (fetch, Request, Response, Headers)';
  // Node 20 makes every ReadableStream transferable (js_transferable) as it is built: one per response body.
  if (url.startsWith('node:internal/webstreams') || url.startsWith('node:internal/worker/js_transferable')) return 'web streams (response bodies)';
  if (url.startsWith('node:internal/url') || url === 'node:url') return 'URL parsing';
  if (url.startsWith('node:internal/abort_controller') || url.startsWith('node:internal/event_target')) return 'AbortController, AbortSignal, EventTarget';
  if (url.startsWith('node:internal/timers') || url === 'node:timers') return 'timers';
  if (url.startsWith('node:')) return 'node core, other (net, streams, async hooks...)';
  return 'other';
}

function describeFrame({ functionName, url, lineNumber }: CallFrame): string {
  if (url === '') return functionName || '(anonymous)';
  const file = url.startsWith('file:') ? relative(ROOT, fileURLToPath(url)) : url;
  return `${functionName || '(anonymous)'} (${file}:${lineNumber + 1})`;
}

/** Runs `work` under the sampling profiler and sums self time per frame and area. */
export async function profileCpu(work: () => Promise<void>, intervalUs = 100): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    await work();
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    return summarizeProfile(profile);
  } finally {
    session.disconnect();
  }
}

export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  // The profiler's own Profiler.stop call is sampled too: leave out everything under node:inspector.
  const isProfilerOwn = (id: number): boolean => {
    for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
      if (byId.get(current)?.callFrame.url === 'node:inspector') return true;
    }
    return false;
  };
  const selfById = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each delta is the time since the previous sample; give it to the frame sampled at its end.
  samples.forEach((id, index) => selfById.set(id, (selfById.get(id) ?? 0) + (deltas[index] ?? 0)));
  const frames = new Map<string, FrameTime>();
  const areas = new Map<string, number>();
  let busyUs = 0;
  for (const [id, selfUs] of selfById) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)' || isProfilerOwn(id)) continue;
    const frame = describeFrame(node.callFrame);
    const area = areaOf(node.callFrame);
    const entry = frames.get(frame) ?? { frame, area, selfUs: 0 };
    entry.selfUs += selfUs;
    frames.set(frame, entry);
    areas.set(area, (areas.get(area) ?? 0) + selfUs);
    busyUs += selfUs;
  }
  return { frames: [...frames.values()].sort((a, b) => b.selfUs - a.selfUs), areas, busyUs };
}

import { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody } from './arm-pipeline';
import { ArmError } from './arm-errors';
import { VmSize } from './defaults';
import { FaultInputError, mergeFaults, noFaults } from './faults';
import { readBody, sendJson, splitUrl } from './http-util';
import { ReplicationJobError, ReplicationJobs } from './replication-jobs';
import { Router, splitPath } from './router';
import { RESOURCE_KINDS } from './routes/kinds';
import { render } from './routes/resource-crud';
import { SeedError, parseSeedDocument, sectionFor, seedStamp } from './seed';
import { Stamp } from './stamp';
import { Json } from './stamp-state';

// The simulator's own control plane, under /_sim on both of a stamp's ports: seeding,
// fault injection, quotas, VM sizes, login policy, replication jobs and the request log.
// It is deliberately outside ARM: no token, no throttling, never logged, never faulted.

interface AdminContext {
  stamp: Stamp;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  rawBody: string;
  contentType: string;
}

interface AdminResult {
  status: number;
  body?: unknown;
}

type AdminHandler = (ctx: AdminContext) => AdminResult | Promise<AdminResult>;

export interface AdminDeps {
  jobs: ReplicationJobs;
  stamps: () => Stamp[];
  caPath: string;
}

class AdminInputError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function bad(message: string, code = 'InvalidInput'): AdminInputError {
  return new AdminInputError(400, code, message);
}

function info(stamp: Stamp, deps: AdminDeps): unknown {
  return {
    name: stamp.name,
    url: stamp.url,
    adminUrl: stamp.adminUrl,
    location: stamp.location,
    subscriptionId: stamp.subscriptionId,
    caPath: deps.caPath,
    loginEndpoint: `${stamp.url}/adfs`,
    audience: stamp.audience(),
  };
}

function state(stamp: Stamp, deps: AdminDeps): unknown {
  return {
    ...(info(stamp, deps) as object),
    counts: stamp.state.counts(),
    pendingOperations: stamp.operations.pendingCount(),
    requestsLogged: stamp.log.total(),
    lastRequestSeq: stamp.log.lastSeq(),
    down: stamp.faults.down,
    linkDown: stamp.faults.linkDown,
    coresLimit: stamp.coresLimit,
    replicationJobs: deps.jobs.list(stamp.name).length,
  };
}

function parseSizes(body: Json): VmSize[] {
  const list = Array.isArray(body) ? body : (body?.sizes ?? body?.value);
  if (!Array.isArray(list) || list.length === 0) throw bad('send a list of VM sizes (or { "sizes": [...] })');
  return list.map((s: Json, i: number) => {
    if (typeof s?.name !== 'string' || typeof s?.numberOfCores !== 'number') {
      throw bad(`sizes[${i}] needs a name and numberOfCores`);
    }
    return {
      name: s.name,
      numberOfCores: s.numberOfCores,
      memoryInMB: s.memoryInMB ?? s.numberOfCores * 4096,
      maxDataDiskCount: s.maxDataDiskCount ?? s.numberOfCores * 2,
      osDiskSizeInMB: s.osDiskSizeInMB ?? 1047552,
      resourceDiskSizeInMB: s.resourceDiskSizeInMB ?? s.numberOfCores * 8192,
    };
  });
}

function quotaBody(stamp: Stamp): unknown {
  return { location: stamp.location, cores: stamp.coresLimit };
}

function setQuota(ctx: AdminContext): AdminResult {
  const cores = ctx.body?.cores ?? ctx.body?.limit;
  if (typeof cores !== 'number' || !Number.isInteger(cores) || cores < 0)
    throw bad('cores must be a non-negative integer');
  if (ctx.body.location && String(ctx.body.location).toLowerCase() !== ctx.stamp.location.toLowerCase()) {
    throw bad(`this stamp has one location, '${ctx.stamp.location}'`);
  }
  ctx.stamp.coresLimit = cores;
  return { status: 200, body: quotaBody(ctx.stamp) };
}

function setAdfs(ctx: AdminContext): AdminResult {
  const body = ctx.body ?? {};
  ctx.stamp.adfs = {
    ...(typeof body.clientId === 'string' ? { clientId: body.clientId } : {}),
    ...(typeof body.clientSecret === 'string' ? { clientSecret: body.clientSecret } : {}),
  };
  return { status: 200, body: adfsView(ctx.stamp) };
}

function adfsView(stamp: Stamp): unknown {
  return {
    loginEndpoint: `${stamp.url}/adfs`,
    audience: stamp.audience(),
    clientId: stamp.adfs.clientId ?? null,
    clientSecretConfigured: stamp.adfs.clientSecret !== undefined,
  };
}

function dumpResources(ctx: AdminContext): AdminResult {
  const type = ctx.query.get('type')?.toLowerCase();
  const out: Json[] = [];
  for (const kind of RESOURCE_KINDS) {
    if (type && kind.type.toLowerCase() !== type && kind.fullType.toLowerCase() !== type) continue;
    for (const r of ctx.stamp.state.list(kind.fullType)) out.push(render(ctx.stamp, kind, r));
  }
  return {
    status: 200,
    body: { resourceGroups: [...ctx.stamp.state.resourceGroups.values()], resources: out },
  };
}

export function createAdminHandler(deps: AdminDeps) {
  const router = new Router<AdminHandler>();
  const route = (method: string, path: string, handler: AdminHandler) =>
    router.add(method, `/_sim${path}`, handler);

  route('GET', '', (ctx) => ({ status: 200, body: info(ctx.stamp, deps) }));
  route('GET', '/state', (ctx) => ({ status: 200, body: state(ctx.stamp, deps) }));
  route('GET', '/resources', dumpResources);

  route('GET', '/requests', (ctx) => {
    const requests = ctx.stamp.log.list(ctx.query.get('since'));
    return { status: 200, body: { requests, lastSeq: ctx.stamp.log.lastSeq() } };
  });
  route('DELETE', '/requests', (ctx) => {
    ctx.stamp.log.clear();
    return { status: 204 };
  });

  route('POST', '/seed', (ctx) => {
    const doc = ctx.contentType.includes('yaml') ? parseSeedDocument(ctx.rawBody) : ctx.body;
    const section = sectionFor(doc, ctx.stamp.name);
    if (!section) throw bad(`the seed has no section for stamp '${ctx.stamp.name}'`, 'InvalidSeed');
    return { status: 200, body: seedStamp(ctx.stamp, section, deps.jobs) };
  });

  route('GET', '/faults', (ctx) => ({ status: 200, body: ctx.stamp.faults }));
  route('POST', '/faults', async (ctx) => {
    await ctx.stamp.setFaults(mergeFaults(ctx.stamp.faults, ctx.body ?? {}));
    return { status: 200, body: ctx.stamp.faults };
  });
  route('PUT', '/faults', async (ctx) => {
    await ctx.stamp.setFaults(mergeFaults(noFaults(), ctx.body ?? {}));
    return { status: 200, body: ctx.stamp.faults };
  });
  route('DELETE', '/faults', async (ctx) => {
    await ctx.stamp.setFaults(noFaults());
    return { status: 200, body: ctx.stamp.faults };
  });

  route('POST', '/reset', async (ctx) => {
    deps.jobs.removeForSource(ctx.stamp.name);
    await ctx.stamp.reset();
    return { status: 200, body: state(ctx.stamp, deps) };
  });

  route('GET', '/quota', (ctx) => ({ status: 200, body: quotaBody(ctx.stamp) }));
  route('POST', '/quota', setQuota);
  route('PUT', '/quota', setQuota);

  route('GET', '/vm-sizes', (ctx) => ({ status: 200, body: { sizes: ctx.stamp.vmSizes } }));
  const setSizes: AdminHandler = (ctx) => {
    ctx.stamp.vmSizes = parseSizes(ctx.body);
    return { status: 200, body: { sizes: ctx.stamp.vmSizes } };
  };
  route('POST', '/vm-sizes', setSizes);
  route('PUT', '/vm-sizes', setSizes);

  route('GET', '/adfs', (ctx) => ({ status: 200, body: adfsView(ctx.stamp) }));
  route('POST', '/adfs', setAdfs);
  route('PUT', '/adfs', setAdfs);
  route('DELETE', '/adfs', (ctx) => {
    ctx.stamp.adfs = {};
    return { status: 200, body: adfsView(ctx.stamp) };
  });

  route('GET', '/replication-jobs', (ctx) => ({
    status: 200,
    body: { jobs: deps.jobs.list(ctx.stamp.name) },
  }));
  route('POST', '/replication-jobs', (ctx) => ({
    status: 201,
    body: deps.jobs.create(ctx.stamp, ctx.body ?? {}),
  }));
  route('GET', '/replication-jobs/:id', (ctx) => {
    const job = deps.jobs.get(ctx.params.id);
    if (!job) throw new AdminInputError(404, 'NotFound', `replication job ${ctx.params.id} not found`);
    return { status: 200, body: job };
  });
  route('DELETE', '/replication-jobs/:id', (ctx) => {
    if (!deps.jobs.remove(ctx.params.id)) {
      throw new AdminInputError(404, 'NotFound', `replication job ${ctx.params.id} not found`);
    }
    return { status: 204 };
  });
  route('POST', '/replication-jobs/:id/run', (ctx) => {
    if (!deps.jobs.get(ctx.params.id))
      throw new AdminInputError(404, 'NotFound', `replication job ${ctx.params.id} not found`);
    const outcome = deps.jobs.run(ctx.params.id);
    return { status: 200, body: { ...outcome, job: deps.jobs.get(ctx.params.id) } };
  });

  route('GET', '/stamps', () => ({ status: 200, body: { stamps: deps.stamps().map((s) => info(s, deps)) } }));

  return async (stamp: Stamp, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const { pathname, query } = splitUrl(req.url ?? '/');
    let result: AdminResult;
    try {
      const raw = await readBody(req);
      const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
      const { match, pathMatched } = router.match(method, splitPath(pathname));
      if (!match) {
        throw new AdminInputError(
          pathMatched ? 405 : 404,
          pathMatched ? 'MethodNotAllowed' : 'NotFound',
          `${method} ${pathname} is not part of the admin API`,
        );
      }
      const body = contentType.includes('yaml') ? undefined : parseBody(raw, contentType);
      result = await match.spec({
        stamp,
        params: match.params,
        query,
        body,
        rawBody: raw.toString('utf8'),
        contentType,
      });
    } catch (error) {
      if (error instanceof AdminInputError)
        result = { status: error.status, body: { error: { code: error.code, message: error.message } } };
      else if (error instanceof SeedError) {
        result = {
          status: 400,
          body: { error: { code: error.code, message: error.message, target: error.where } },
        };
      } else if (error instanceof FaultInputError)
        result = { status: 400, body: { error: { code: 'InvalidFault', message: error.message } } };
      else if (error instanceof ReplicationJobError) {
        result = {
          status: error.status,
          body: { error: { code: 'InvalidReplicationJob', message: error.message } },
        };
      } else if (error instanceof ArmError) result = { status: error.status, body: error.toBody() };
      else throw error;
    }
    sendJson(res, result.status, result.body);
  };
}

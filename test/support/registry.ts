import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../tools/support/src';

const run = promisify(execFile);

/** Debian packages of the registry, the pushing client and htpasswd (bcrypt for the registry's user file). */
const PACKAGES = ['docker-registry', 'skopeo', 'apache2-utils'];
const COMMANDS = ['docker-registry', 'skopeo', 'htpasswd'];

const onPath = (command: string): Promise<boolean> =>
  run('sh', ['-c', `command -v ${command}`]).then(
    () => true,
    () => false,
  );

let tools: Promise<void> | undefined;

/** Installs the packages with apt when one is missing and this runs as root; otherwise says what to run. */
function ensureTools(): Promise<void> {
  tools ??= (async () => {
    const present = await Promise.all(COMMANDS.map(onPath));
    if (present.every(Boolean)) return;
    if (process.getuid?.() !== 0) {
      throw new Error(
        `The registry tests need ${PACKAGES.join(', ')}. Run: sudo apt-get install -y ${PACKAGES.join(' ')}`,
      );
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update', '-qq'], { env });
    await run('apt-get', ['install', '-y', '-qq', ...PACKAGES], { env, maxBuffer: 16 * 1024 * 1024 });
  })();
  return tools;
}

export interface RegistryOptions {
  /** Send notifications to this URL with these headers (Distribution's `notifications.endpoints`). */
  notify?: { url: string; headers: Record<string, string> };
  /** Require this user (htpasswd, answered with a Basic challenge). */
  user?: { username: string; password: string };
}

/** A locally built OCI image layout with one tag, ready for `skopeo copy oci:<dir>:<tag>`. */
export interface OciLayout {
  dir: string;
  tag: string;
}

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** A tar archive of one small file: a 512-byte header, the content padded to 512, two zero blocks. */
function tarOf(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\x0000', 257);
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, padding, Buffer.alloc(1024)]);
}

/**
 * Builds an OCI image layout in a new directory under `parent`: one layer holding a file with
 * `content` (so different content gives a different manifest digest), its config, the manifest,
 * `index.json` naming it `tag`, and `oci-layout`. No network, no Docker.
 */
export async function buildOciLayout(parent: string, tag: string, content: string): Promise<OciLayout> {
  const dir = await mkdtemp(join(parent, 'layout-'));
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const blob = async (bytes: Buffer | string, mediaType: string) => {
    const digest = sha256(bytes);
    await writeFile(join(blobs, digest), bytes);
    return { mediaType, digest: `sha256:${digest}`, size: Buffer.byteLength(bytes) };
  };
  const layerTar = tarOf('hello.txt', content);
  const layer = await blob(layerTar, 'application/vnd.oci.image.layer.v1.tar');
  const config = await blob(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [layer.digest] },
    }),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = await blob(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config,
      layers: [layer],
    }),
    'application/vnd.oci.image.manifest.v1+json',
  );
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  return { dir, tag };
}

/**
 * Debian's `docker-registry` (CNCF Distribution 2.8) as a process on loopback, with its storage in
 * a temporary directory, deletes enabled, optionally notifying an endpoint and requiring a user.
 * Images are pushed with `skopeo` from layouts built by buildOciLayout. The Debian packages are
 * installed on first use when running as root.
 */
export class Registry {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly workDir: string,
    readonly host: string,
    private readonly options: RegistryOptions,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-200_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static async start(options: RegistryOptions = {}): Promise<Registry> {
    await ensureTools();
    const workDir = await mkdtemp(join(tmpdir(), 'rw-registry-'));
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const lines = [
      'version: 0.1',
      'log:',
      '  level: info',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(workDir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
    ];
    if (options.user) {
      const { stdout } = await run('htpasswd', ['-Bbn', options.user.username, options.user.password]);
      await writeFile(join(workDir, 'htpasswd'), stdout);
      lines.push(
        'auth:',
        '  htpasswd:',
        '    realm: registry-webhooks-test',
        `    path: ${join(workDir, 'htpasswd')}`,
      );
    }
    if (options.notify) {
      lines.push(
        'notifications:',
        '  endpoints:',
        '    - name: registry-webhooks',
        `      url: ${options.notify.url}`,
        '      headers:',
        ...Object.entries(options.notify.headers).map(
          ([name, value]) => `        ${name}: [${JSON.stringify(value)}]`,
        ),
        '      timeout: 5s',
        '      threshold: 5',
        '      backoff: 1s',
      );
    }
    const configPath = join(workDir, 'config.yml');
    await writeFile(configPath, `${lines.join('\n')}\n`);
    const child = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const registry = new Registry(child, workDir, host, options);
    await registry.waitUntilUp();
    return registry;
  }

  get url(): string {
    return `http://${this.host}`;
  }

  logs(): string {
    return this.output;
  }

  /** Pushes the layout's image as `repository:tag` and returns the manifest digest the registry stored. */
  async push(layout: OciLayout, repository: string, tag = layout.tag): Promise<string> {
    const digestFile = join(this.workDir, `digest-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const credentials = this.options.user
      ? ['--dest-creds', `${this.options.user.username}:${this.options.user.password}`]
      : [];
    await run('skopeo', [
      '--insecure-policy',
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      ...credentials,
      '--digestfile',
      digestFile,
      `oci:${layout.dir}:${layout.tag}`,
      `docker://${this.host}/${repository}:${tag}`,
    ]);
    return (await readFile(digestFile, 'utf8')).trim();
  }

  /** GET of the manifest by tag, as a client pulling the image does. */
  async pull(repository: string, tag: string): Promise<void> {
    const response = await this.api('GET', `/v2/${repository}/manifests/${tag}`, {
      accept: 'application/vnd.oci.image.manifest.v1+json',
    });
    if (response.status !== 200) throw new Error(`pull ${repository}:${tag}: ${response.status}`);
  }

  async deleteManifest(repository: string, digest: string): Promise<void> {
    const response = await this.api('DELETE', `/v2/${repository}/manifests/${digest}`);
    if (response.status !== 202) throw new Error(`delete ${repository}@${digest}: ${response.status}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.workDir, { recursive: true, force: true });
  }

  private async api(method: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
    const user = this.options.user;
    const authorization = user
      ? { authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` }
      : {};
    const response = await fetch(`${this.url}${path}`, { method, headers: { ...headers, ...authorization } });
    await response.arrayBuffer();
    return response;
  }

  private async waitUntilUp(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`docker-registry exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        const response = await fetch(`${this.url}/v2/`, { signal: AbortSignal.timeout(1_000) });
        if (response.status === 200 || response.status === 401) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`docker-registry did not answer within ${timeoutMs} ms:\n${this.output}`);
  }
}

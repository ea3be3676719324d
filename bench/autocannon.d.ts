// The part of autocannon 8's programmatic API that bench/mock.ts uses: the package ships no types.
declare module 'autocannon' {
  type Result = { '2xx': number; non2xx: number; errors: number; timeouts: number; duration: number; latency: { p99: number } };
  type Options = { url: string; connections: number; duration: number; headers: Record<string, string>; method?: string; body?: string; amount?: number };
  export default function autocannon(options: Options): Promise<Result>;
}

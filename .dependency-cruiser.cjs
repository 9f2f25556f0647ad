/**
 * The layout rules of ../shared/ARCHITECTURE.md, checked on every `npm test` (npm run lint:layout).
 * A rule names what may not import what; the comment says why. Type-only imports count too: a
 * Prisma or grammY type in the core ties it to that library as surely as a call does.
 */
const core = "^src/(cases|notices|routing|conversation|deadlines|followup|org)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "kernel-stands-alone",
      comment: "The shared vocabulary (src/kernel) is imported by everyone, so it imports nothing of ours.",
      severity: "error",
      from: { path: "^src/kernel/" },
      to: { path: "^(src|bots)/", pathNot: "^src/kernel/" },
    },
    {
      name: "store-decides-nothing",
      comment: "src/store persists what the core decided: it imports no dialogue, queue, notice policy, command runner, wiring or adapter.",
      severity: "error",
      from: { path: "^src/store/" },
      to: { path: "^(src/(conversation|queue|notices|casework|app)|bots)/" },
    },
    {
      name: "platforms-only-through-the-composition-root",
      comment: "Nothing under src/ sees grammY, Wechaty or an adapter, except the one file that builds the channels.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/app/channels\\.ts$" },
      to: { path: "^bots/|(^|/)node_modules/(grammy|@grammyjs|wechaty|wechaty-puppet[^/]*|file-box)/" },
    },
    {
      name: "core-is-pure",
      comment: "The core (cases, notices, routing, dialogues, deadlines, follow-up, org) uses its own types and ports: no Prisma, Redis, queue or platform.",
      severity: "error",
      from: { path: core },
      to: { path: "^(src/(store|queue|casework|app|redis)/|bots/)|(^|/)node_modules/(@prisma|prisma|ioredis|bullmq|pg|grammy|@grammyjs|wechaty)/" },
    },
    {
      name: "core-never-opens-personal-data",
      comment: "Names and phones are sealed; the core passes them on as opaque values and is handed a reveal capability where it must show them (src/kernel/sealed.ts). It never holds the keys.",
      severity: "error",
      from: { path: core },
      to: { path: "^src/privacy/" },
    },
    {
      name: "adapters-stay-thin",
      comment: "An adapter translates: it never reaches into the store, the cases, the queues' internals or the wiring.",
      severity: "error",
      from: { path: "^bots/" },
      to: { path: "^src/(store|cases|app|routing|notices)/" },
    },
    {
      name: "adapters-apart",
      comment: "One adapter per platform; none borrows from another.",
      severity: "error",
      from: { path: "^bots/([^/]+)/" },
      to: { path: "^bots/", pathNot: "^bots/$1/" },
    },
    {
      name: "no-circular",
      comment: "A cycle makes two modules one; merge them or cut the cycle.",
      severity: "error",
      from: { path: "^(src|bots)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    preserveSymlinks: true,
    exclude: { path: "^src/store/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};

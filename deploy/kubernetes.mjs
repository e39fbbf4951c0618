#!/usr/bin/env node
// The Kubernetes manifests in deploy/kubernetes/, made from the AppHost's table of the suite
// (apphost/GoingHome.AppHost/suite.json), so the cluster and the AppHost name the same resources with the same
// configuration keys.
//
//   node deploy/kubernetes.mjs generate   writes deploy/kubernetes/<service>.yaml
//   node deploy/kubernetes.mjs check      offline: every document validates against the Kubernetes schemas (the
//                                         OpenAPI schemas packaged in kubernetes-models), the files are current,
//                                         and the references between them hold (selectors, probes, targets, config)
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, stringify } from "yaml";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Service } from "kubernetes-models/v1/Service";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "deploy", "kubernetes");
const image = (name) => `registry.example.org/goinghome/${name}:0.9.0`;

const services = JSON.parse(readFileSync(join(root, "apphost", "GoingHome.AppHost", "suite.json"), "utf8")).services
  .map(({ name, project, database, grpcPort, webPort }) => ({ name, project, database, grpc: grpcPort, web: webPort }));

const labels = (name) => ({ "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "goinghome" });

const shared = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "goinghome", labels: { "app.kubernetes.io/part-of": "goinghome" } },
  data: {
    ASPNETCORE_ENVIRONMENT: "Production",
    // The authority's OIDC provider; service-to-service calls use client credentials from the goinghome-auth secret.
    Auth__Authority: "https://login.example.org/realms/goinghome",
    Auth__Audience: "goinghome",
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector.observability:4317",
    ...Object.fromEntries(services.map((s) => [`services__${s.name}__http__0`, `http://${s.name}:${s.grpc}`])),
  },
};

function manifests(s) {
  const env = [
    { name: "OTEL_SERVICE_NAME", value: s.name },
    { name: "GRPC_PORT", value: String(s.grpc) },
    { name: "WEB_PORT", value: String(s.web) },
    // PostgreSQL and Redis are external managed services; their connection strings live in secrets made by ops.
    { name: `ConnectionStrings__${s.database}`, valueFrom: { secretKeyRef: { name: "goinghome-postgres", key: s.database } } },
    { name: "ConnectionStrings__redis", valueFrom: { secretKeyRef: { name: "goinghome-redis", key: "connection" } } },
    { name: "Auth__ClientId", valueFrom: { secretKeyRef: { name: "goinghome-auth", key: `${s.name}-client-id` } } },
    { name: "Auth__ClientSecret", valueFrom: { secretKeyRef: { name: "goinghome-auth", key: `${s.name}-client-secret` } } },
    // The access log's hash chain is keyed with a secret the database does not hold.
    { name: "Audit__ChainKey", valueFrom: { secretKeyRef: { name: "goinghome-audit", key: `${s.name}-chain-key` } } },
  ];
  const probe = (path, extra) => ({ httpGet: { path, port: "web" }, periodSeconds: 10, timeoutSeconds: 3, ...extra });
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: s.name, labels: labels(s.name) },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels(s.name) },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: labels(s.name) },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 1654, fsGroup: 1654 },
            terminationGracePeriodSeconds: 30,
            // Migrations run before the service starts (EF Core's migration lock keeps concurrent pods to one at a time).
            initContainers: [{ name: "migrate", image: image(s.name), args: ["--migrate-only"], envFrom: [{ configMapRef: { name: "goinghome" } }], env }],
            containers: [
              {
                name: s.name,
                image: image(s.name),
                ports: [
                  { name: "grpc", containerPort: s.grpc, protocol: "TCP" },
                  { name: "web", containerPort: s.web, protocol: "TCP" },
                ],
                envFrom: [{ configMapRef: { name: "goinghome" } }],
                env,
                startupProbe: probe("/alive", { failureThreshold: 30 }),
                livenessProbe: probe("/alive", { failureThreshold: 3 }),
                readinessProbe: probe("/health", { failureThreshold: 3 }),
                resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
              },
            ],
            volumes: [{ name: "tmp", emptyDir: {} }],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: s.name, labels: labels(s.name) },
      spec: {
        selector: labels(s.name),
        ports: [
          { name: "grpc", port: s.grpc, targetPort: "grpc", appProtocol: "kubernetes.io/h2c" },
          { name: "web", port: s.web, targetPort: "web", appProtocol: "http" },
        ],
      },
    },
    {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: s.name, labels: labels(s.name) },
      spec: { minAvailable: 1, selector: { matchLabels: labels(s.name) } },
    },
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: s.name, labels: labels(s.name) },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: s.name },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      },
    },
  ];
}

const header = "# Generated by deploy/kubernetes.mjs from apphost/GoingHome.AppHost/suite.json; do not edit by hand.\n";
const render = (documents) => header + documents.map((d) => stringify(d)).join("---\n");
const files = new Map([["goinghome.yaml", render([shared])], ...services.map((s) => [`${s.name}.yaml`, render(manifests(s))])]);

const models = { Deployment, Service, PodDisruptionBudget, HorizontalPodAutoscaler, ConfigMap };

function check() {
  const problems = [];
  const onDisk = readdirSync(out).filter((f) => f.endsWith(".yaml"));
  for (const [file, text] of files) {
    if (!onDisk.includes(file) || readFileSync(join(out, file), "utf8") !== text) problems.push(`${file} is stale: run node deploy/kubernetes.mjs generate`);
  }
  for (const file of onDisk.filter((f) => !files.has(f))) problems.push(`${file} is not generated by deploy/kubernetes.mjs`);

  const all = onDisk.flatMap((f) => parseAllDocuments(readFileSync(join(out, f), "utf8")).map((d) => ({ file: f, doc: d.toJS() })));
  for (const { file, doc } of all) {
    const Model = models[doc.kind];
    if (!Model) {
      problems.push(`${file}: no schema for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (error) {
      problems.push(`${file}: ${doc.kind} ${doc.metadata?.name}: ${error.message}`);
    }
  }

  const of = (kind) => all.filter((x) => x.doc.kind === kind).map((x) => x.doc);
  const matches = (selector, podLabels) => Object.entries(selector).every(([k, v]) => podLabels[k] === v);
  const deployments = new Map(of("Deployment").map((d) => [d.metadata.name, d]));
  const config = of("ConfigMap").find((c) => c.metadata.name === "goinghome")?.data ?? {};
  for (const s of services) {
    const deployment = deployments.get(s.name);
    if (!deployment) {
      problems.push(`${s.name}: no Deployment`);
      continue;
    }
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0];
    const ports = new Set(container.ports.map((p) => p.name));
    for (const [probe, path] of [["readinessProbe", "/health"], ["livenessProbe", "/alive"], ["startupProbe", "/alive"]]) {
      const get = container[probe]?.httpGet;
      if (get?.path !== path || !ports.has(get.port)) problems.push(`${s.name}: ${probe} must GET ${path} on a declared port`);
    }
    const env = new Set(container.env.map((e) => e.name));
    for (const key of [`ConnectionStrings__${s.database}`, "ConnectionStrings__redis", "OTEL_SERVICE_NAME"]) {
      if (!env.has(key)) problems.push(`${s.name}: ${key} is not set`);
    }
    for (const other of services.filter((o) => o.name !== s.name)) {
      if (config[`services__${other.name}__http__0`] !== `http://${other.name}:${other.grpc}`) problems.push(`${s.name}: services__${other.name}__http__0 does not name ${other.name}'s gRPC port`);
    }
    const service = of("Service").find((x) => x.metadata.name === s.name);
    if (!service || !matches(service.spec.selector, pod.metadata.labels) || !service.spec.ports.every((p) => ports.has(p.targetPort))) {
      problems.push(`${s.name}: the Service must select the pods and target their named ports`);
    }
    const pdb = of("PodDisruptionBudget").find((x) => x.metadata.name === s.name);
    if (!pdb || !matches(pdb.spec.selector.matchLabels, pod.metadata.labels)) problems.push(`${s.name}: the PodDisruptionBudget must select the pods`);
    const hpa = of("HorizontalPodAutoscaler").find((x) => x.metadata.name === s.name);
    if (hpa?.spec.scaleTargetRef.name !== s.name || hpa.spec.minReplicas < 2) problems.push(`${s.name}: the HorizontalPodAutoscaler must scale the Deployment from at least 2`);
  }

  if (services.length !== 6) problems.push(`suite.json has ${services.length} services, expected 6`);
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  console.log(`${all.length} Kubernetes documents for ${services.length} services: valid against the schemas and consistent`);
}

if (process.argv[2] === "generate") {
  for (const [file, text] of files) writeFileSync(join(out, file), text);
  console.log(`wrote ${files.size} files to deploy/kubernetes/`);
} else if (process.argv[2] === "check") {
  check();
} else {
  console.error("usage: node deploy/kubernetes.mjs generate|check");
  process.exit(2);
}

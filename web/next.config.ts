// Next.js build settings: a static export (web/out/) that the API serves on the same origin.
// Built with webpack so that React Aria's translations of other languages are left out
// (@react-aria/optimize-locales-plugin: the app is in English), which halves its weight.
// In development only, TODO_API_ORIGIN (e.g. http://127.0.0.1:8123) proxies /api to a local API;
// the WebSocket then goes straight to NEXT_PUBLIC_TODO_WS_ORIGIN (see src/lib/live/connection.ts).
import optimizeLocales from "@react-aria/optimize-locales-plugin";
import type { NextConfig } from "next";

const developmentApi = process.env.NODE_ENV === "development" ? process.env.TODO_API_ORIGIN : undefined;

const englishOnly: NextConfig["webpack"] = (webpackConfig: { plugins: unknown[] }) => {
  webpackConfig.plugins.push(optimizeLocales.webpack({ locales: ["en-US"] }));
  return webpackConfig;
};

const shared: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  webpack: englishOnly,
  // Next.js writes agent instruction files into the project during dev and build otherwise.
  agentRules: false,
  experimental: { agentUpgrade: false },
};

const config: NextConfig = developmentApi
  ? {
      ...shared,
      rewrites: () => Promise.resolve([{ source: "/api/:path*", destination: `${developmentApi}/api/:path*` }]),
    }
  : { ...shared, output: "export", trailingSlash: true };

export default config;

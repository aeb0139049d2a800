// Loaded into every test process (NODE_OPTIONS=--import): a test that tries to open a TCP
// connection anywhere but loopback fails at once instead of reaching the network.
import net from "node:net";

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

function target(args) {
  const [first, second] = args;
  if (Array.isArray(first)) return target(first);
  if (first !== null && typeof first === "object")
    return first.path ? undefined : (first.host ?? "localhost");
  if (typeof first === "string" && Number.isNaN(Number(first))) return undefined;
  return typeof second === "string" ? second : "localhost";
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const host = target(args);
  if (host !== undefined && !LOOPBACK.test(host.replace(/^\[|\]$/g, ""))) {
    // The code under test may catch the error, so the attempt also fails the test file.
    process.exitCode = 1;
    process.stderr.write(`a test tried to connect outside loopback: ${host}\n`);
    throw new Error(`a test tried to connect outside loopback: ${host}`);
  }
  return connect.apply(this, args);
};

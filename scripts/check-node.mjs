// Fails fast when scripts run on a Node older than 24: `npm ci --ignore-scripts` leaves the pinned
// node@24 binary out and npm would silently fall back to the system Node.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Node ${process.versions.node} is running; this project needs Node 24 or newer.`);
  console.error('Run `npm ci` (without --ignore-scripts) so the pinned node@24 devDependency is installed.');
  process.exit(1);
}

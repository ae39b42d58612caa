// The drain's concurrency as the drainer sees it when several instances drain one upstream: slots for replays in
// flight, counted for the whole province (src/cluster/shared-slots.ts). A lone instance needs none: its own count
// of replays in flight is the cap.

export interface DrainSlots {
  /** Takes up to `wanted` slots; resolves with how many it got (0 while every slot of the province is in use). */
  acquire(wanted: number): Promise<number>;
  /** Gives back `count` slots taken here (replays ended, or slots taken and not used). Never throws. */
  release(count: number): void;
}

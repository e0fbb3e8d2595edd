package io.northstar.console;

import io.northstar.common.WireNamed;

/** The steps of an update, in the order they happen, as its {@code update} notifications name them. */
public enum UpdateStep implements WireNamed {
    /** The new version is installed beside the old one. */
    INSTALLED,
    /** The old version was running and has exited. */
    STOPPED_OLD,
    /** The new version's start succeeded; the health window begins. */
    STARTED_NEW,
    /** The new version ran through the health window (or exited with 0 in it). */
    HEALTHY,
    /** The new version failed (reason given); the old one is being restored. */
    ROLLING_BACK,
    /** The old version is back (running if it ran), the new one uninstalled. */
    ROLLED_BACK,
    /** The old version is uninstalled (its data kept): the update is done. */
    COMPLETED
}

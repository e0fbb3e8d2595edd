package io.northstar.runtime.update;

import io.northstar.common.Container;
import io.northstar.console.InstallResult;
import java.util.concurrent.CompletionStage;

/**
 * The NPK of an update request, received and verified but not yet installed. The console connection streams
 * it into the repository as it does for {@code install}; the updater decides whether to install it.
 */
public interface ReceivedNpk {

    /** The container the NPK's manifest names. */
    Container container();

    /** Makes it installed, as the second half of an {@code install} request does. */
    CompletionStage<InstallResult> install();

    /** Drops it: the update was refused before it was installed. */
    void discard();
}

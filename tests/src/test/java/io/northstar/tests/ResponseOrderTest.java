package io.northstar.tests;

import static io.northstar.tests.ContainerFixture.REPOSITORY;
import static io.northstar.tests.ContainerFixture.TEST_CONTAINER;
import static io.northstar.tests.ContainerFixture.TEST_RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.northstar.common.Container;
import io.northstar.common.NonNulString;
import io.northstar.console.ContainerResult;
import io.northstar.console.ExitStatus;
import io.northstar.console.InstallResult;
import io.northstar.console.Notification;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * On a subscribed connection the response to a request comes before the notifications that request
 * caused (docs/protocol.md, "Requests"), as in Northstar: a client may read the line right after its
 * request as the response. Read line by line on a raw socket, so no client library can reorder.
 */
class ResponseOrderTest extends SharedContainerFixture {
    ResponseOrderTest() {
        super("order");
    }

    @Test
    void everyRequestIsAnsweredBeforeTheNotificationsItCaused() throws Exception {
        try (ConsoleSession console = ConsoleSession.connect(fixture.config.console(), true)) {
            byte[] resource = Files.readAllBytes(TestContainers.testResource(fixture.work));
            console.send(new Request.Install(REPOSITORY, resource.length));
            console.sendRaw(resource);
            assertEquals(new Response.Install(new InstallResult.Ok(TEST_RESOURCE)), console.next());
            assertEquals(new Notification.Install(TEST_RESOURCE), console.next());

            byte[] container = Files.readAllBytes(TestContainers.testContainer(fixture.work));
            console.send(new Request.Install(REPOSITORY, container.length));
            console.sendRaw(container);
            assertEquals(new Response.Install(new InstallResult.Ok(TEST_CONTAINER)), console.next());
            assertEquals(new Notification.Install(TEST_CONTAINER), console.next());

            console.send(new Request.Start(TEST_CONTAINER, Optional.empty(), List.of(NonNulString.of("sleep")), Map.of()));
            assertEquals(new Response.Start(new ContainerResult.Ok(TEST_CONTAINER)), console.next());
            assertEquals(new Notification.Started(TEST_CONTAINER), console.next());

            console.send(new Request.Kill(TEST_CONTAINER, 9));
            assertEquals(new Response.Kill(new ContainerResult.Ok(TEST_CONTAINER)), console.next());
            assertEquals(new Notification.Exit(TEST_CONTAINER, new ExitStatus.Signalled(9)), console.next());

            for (Container c : List.of(TEST_CONTAINER, TEST_RESOURCE)) {
                console.send(new Request.Uninstall(c, true));
                assertEquals(new Response.Uninstall(new ContainerResult.Ok(c)), console.next());
                assertEquals(new Notification.Uninstall(c), console.next());
            }
        }
    }
}

package io.northstar.nstar;

import io.northstar.common.Name;
import io.northstar.console.Token;
import io.northstar.console.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "token", description = "Create and verify tokens (proof of identity between containers).",
        subcommands = {TokenCommand.Create.class, TokenCommand.Verify.class})
final class TokenCommand {
    /** Tokens are bound to a shared secret both sides know; nstar takes it as text. */
    static byte[] shared(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Command(name = "create", description = "Create a token that proves this connection's identity to TARGET.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "TARGET", description = "container name the token is for")
        String target;

        @Option(names = "--shared", paramLabel = "TEXT", defaultValue = "", description = "shared secret (default: empty)")
        String shared;

        @Override
        void run() throws Exception {
            Token token = session().client().createToken(Name.of(target), shared(shared));
            say(Base64.getEncoder().encodeToString(token.bytes()));
        }
    }

    @Command(name = "verify", description = "Verify a token USER created for this connection's identity.")
    static final class Verify extends ClientCommand {
        @Parameters(index = "0", paramLabel = "TOKEN", description = "the token, base64")
        String token;

        @Parameters(index = "1", paramLabel = "USER", description = "name of the container that created it")
        String user;

        @Option(names = "--shared", paramLabel = "TEXT", defaultValue = "", description = "shared secret (default: empty)")
        String shared;

        @Override
        void run() throws Exception {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(token);
            } catch (IllegalArgumentException e) {
                throw new ErrorResponse("token is not base64: " + e.getMessage());
            }
            if (bytes.length != Token.LENGTH) {
                throw new ErrorResponse("a token is " + Token.LENGTH + " bytes, this one is " + bytes.length);
            }
            VerificationResult result = session().client().verifyToken(new Token(bytes), Name.of(user), shared(shared));
            say(result.wireName());
            if (result != VerificationResult.OK) {
                throw new ErrorResponse("token verification: " + result.wireName());
            }
        }
    }
}

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;

/**
 * Starts mongo-java-server on 127.0.0.1:<port> (default 27017) reporting MongoDB 5.0 / wire version 13,
 * which the Node driver 7.x requires (the stock server reports wire version 8 and binds only 27017).
 * Memory only: for tests and offline trials, never for production data.
 * Prints "listening <port>" once bound so callers can wait for it.
 */
public class Launcher {
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27017;
        MongoVersion v5 = new MongoVersion() {
            public List<Integer> getVersionArray() { return List.of(5, 0, 0); }
            public int getWireVersion() { return 13; }
        };
        MemoryBackend backend = new MemoryBackend();
        backend.version(v5);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("listening " + port);
        System.out.flush();
    }
}

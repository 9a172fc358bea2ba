package io.escrowledger.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver at its worst, below HTTP: it accepts connections and then either never answers (HANG) or
 * resets them at once (RESET). It counts the connections it was offered.
 */
public final class MisbehavingReceiver implements AutoCloseable {

    public enum Behaviour { HANG, RESET }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    public MisbehavingReceiver(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "misbehaving-receiver-" + behaviour);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hooks";
    }

    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                if (behaviour == Behaviour.RESET) {
                    socket.setSoLinger(true, 0); // close with RST, not FIN
                    socket.close();
                } else {
                    held.add(socket); // read nothing, answer nothing
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.routepack.yunojuno.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy between the pack and a shared service, to simulate an outage without stopping the service other
 * tests use: {@link #cut()} drops every connection and refuses new ones; {@link #hang()} is a network that
 * drops everything (new connections are accepted and never answered, open ones carry nothing more);
 * {@link #restore()} ends either, closing the connections a hang froze, as a real network failure would have
 * broken them.
 */
public final class TcpProxy implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Socket> frozen = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean hanging;

    public TcpProxy(String targetHost, int targetPort) {
        this.port = PackRunner.freePort();
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        restore();
    }

    public int port() {
        return port;
    }

    /** Closes the listening socket and every proxied connection: the service looks down. */
    public synchronized void cut() {
        closeQuietly(server);
        server = null;
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
        frozen.clear();
    }

    /** From now on nothing gets through and nothing is refused: every byte is held, on new and open connections. */
    public void hang() {
        hanging = true;
    }

    /** Listens again and forwards new connections; connections frozen by {@link #hang()} are closed. */
    public synchronized void restore() {
        hanging = false;
        for (Socket s : frozen) {
            closeQuietly(s);
        }
        frozen.clear();
        if (server != null) {
            return;
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            server = s;
            Thread t = new Thread(() -> accept(s), "tcp-proxy-" + port);
            t.setDaemon(true);
            t.start();
        } catch (IOException e) {
            throw new IllegalStateException("proxy on port " + port + ": " + e.getMessage(), e);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // closed by cut()
            }
            sockets.add(client);
            if (hanging) {
                frozen.add(client); // accepted, never answered
                continue;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                closeQuietly(client); // the target refused: so does the proxy
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (hanging) {
                        // The network went away mid-connection: both sides stay open and silent until restore().
                        frozen.add(from);
                        frozen.add(to);
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            }
            closeQuietly(from);
            closeQuietly(to);
        }, "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        cut();
    }
}

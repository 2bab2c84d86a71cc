// Starts DynamoDB Local listening on 127.0.0.1 only. `java -jar DynamoDBLocal.jar` listens on every interface
// and has no option to bind an address, so anyone who reaches the machine could read and write every tenant's
// data. This launcher is run as a single source file (JEP 330) by dynamodb-local.ts:
//   java --class-path DynamoDBLocal.jar LoopbackDynamoDbLocal.java -inMemory -disableTelemetry -port N
// It builds the server from DynamoDB Local's own command-line parser, points each Jetty connector at 127.0.0.1,
// then starts it. It reaches the Jetty server through the private field `server` of DynamoDBProxyServer
// (DynamoDB Local 3.3.0); should that change, it stops with an error rather than listen on all interfaces.
// Telemetry is never configured here (ServerRunner.main does that), so none is sent.
import java.lang.reflect.Field;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  private static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server jetty = jettyOf(proxy);
    Connector[] connectors = jetty.getConnectors();
    if (connectors.length == 0) fail("the Jetty server of DynamoDB Local has no connector");
    for (Connector connector : connectors) {
      if (!(connector instanceof AbstractNetworkConnector)) fail("unexpected Jetty connector " + connector.getClass().getName());
      ((AbstractNetworkConnector) connector).setHost(HOST);
    }
    proxy.start();
    // DynamoDBProxyServer.start() prints a bind error and stops the server instead of throwing.
    if (!jetty.isStarted()) fail("DynamoDB Local did not start");
  }

  private static Server jettyOf(DynamoDBProxyServer proxy) {
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      Object value = field.get(proxy);
      if (!(value instanceof Server)) fail("DynamoDBProxyServer.server is not a Jetty Server: " + value);
      return (Server) value;
    } catch (ReflectiveOperationException | RuntimeException error) {
      fail("cannot reach the Jetty server inside DynamoDBProxyServer (has DynamoDB Local changed?): " + error);
      return null;
    }
  }

  private static void fail(String message) {
    System.err.println("LoopbackDynamoDbLocal: " + message + "; refusing to start DynamoDB Local on all interfaces.");
    System.exit(2);
  }
}

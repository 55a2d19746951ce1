import Hummingbird
import HummingbirdWebSocket
public enum SimPlaceholder {}

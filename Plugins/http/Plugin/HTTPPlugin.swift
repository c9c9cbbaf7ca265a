import AIPluginKit
import Hummingbird

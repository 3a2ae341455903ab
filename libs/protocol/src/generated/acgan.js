/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Array = $util.global.Array, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $BigInt = $util.global.BigInt, $Boolean = $util.global.Boolean, $isFinite = $util.global.isFinite;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const acgan = $root.acgan = (() => {

    /**
     * Namespace acgan.
     * @exports acgan
     * @namespace
     */
    const acgan = {};

    acgan.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof acgan
         * @namespace
         */
        const v1 = {};

        /**
         * MessageType enum.
         * @name acgan.v1.MessageType
         * @enum {number}
         * @property {number} MESSAGE_TYPE_UNSPECIFIED=0 MESSAGE_TYPE_UNSPECIFIED value
         * @property {number} REGISTER=1 REGISTER value
         * @property {number} ASSIGN=2 ASSIGN value
         * @property {number} STATE=3 STATE value
         * @property {number} STATE_REQUEST=4 STATE_REQUEST value
         * @property {number} READY=5 READY value
         * @property {number} HEARTBEAT=6 HEARTBEAT value
         * @property {number} GRADIENT=7 GRADIENT value
         * @property {number} AVERAGED=8 AVERAGED value
         * @property {number} CHECKSUM=9 CHECKSUM value
         * @property {number} METRICS=10 METRICS value
         * @property {number} ERROR=11 ERROR value
         * @property {number} SHUTDOWN=12 SHUTDOWN value
         * @property {number} ARTIFACT=13 ARTIFACT value
         */
        v1.MessageType = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "MESSAGE_TYPE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "REGISTER"] = 1;
            values[valuesById[2] = "ASSIGN"] = 2;
            values[valuesById[3] = "STATE"] = 3;
            values[valuesById[4] = "STATE_REQUEST"] = 4;
            values[valuesById[5] = "READY"] = 5;
            values[valuesById[6] = "HEARTBEAT"] = 6;
            values[valuesById[7] = "GRADIENT"] = 7;
            values[valuesById[8] = "AVERAGED"] = 8;
            values[valuesById[9] = "CHECKSUM"] = 9;
            values[valuesById[10] = "METRICS"] = 10;
            values[valuesById[11] = "ERROR"] = 11;
            values[valuesById[12] = "SHUTDOWN"] = 12;
            values[valuesById[13] = "ARTIFACT"] = 13;
            return values;
        })();

        /**
         * Phase enum.
         * @name acgan.v1.Phase
         * @enum {number}
         * @property {number} PHASE_UNSPECIFIED=0 PHASE_UNSPECIFIED value
         * @property {number} PHASE_D=1 PHASE_D value
         * @property {number} PHASE_G=2 PHASE_G value
         */
        v1.Phase = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "PHASE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "PHASE_D"] = 1;
            values[valuesById[2] = "PHASE_G"] = 2;
            return values;
        })();

        /**
         * Dtype enum.
         * @name acgan.v1.Dtype
         * @enum {number}
         * @property {number} DTYPE_UNSPECIFIED=0 DTYPE_UNSPECIFIED value
         * @property {number} F32=1 F32 value
         * @property {number} F16=2 F16 value
         * @property {number} BF16=3 BF16 value
         * @property {number} I32=4 I32 value
         * @property {number} U8=5 U8 value
         */
        v1.Dtype = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "DTYPE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "F32"] = 1;
            values[valuesById[2] = "F16"] = 2;
            values[valuesById[3] = "BF16"] = 3;
            values[valuesById[4] = "I32"] = 4;
            values[valuesById[5] = "U8"] = 5;
            return values;
        })();

        /**
         * StatePurpose enum.
         * @name acgan.v1.StatePurpose
         * @enum {number}
         * @property {number} PURPOSE_UNSPECIFIED=0 PURPOSE_UNSPECIFIED value
         * @property {number} INITIAL=1 INITIAL value
         * @property {number} REJOIN=2 REJOIN value
         * @property {number} CHECKPOINT=3 CHECKPOINT value
         */
        v1.StatePurpose = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "PURPOSE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "INITIAL"] = 1;
            values[valuesById[2] = "REJOIN"] = 2;
            values[valuesById[3] = "CHECKPOINT"] = 3;
            return values;
        })();

        v1.ChunkDescriptor = (function() {

            /**
             * Properties of a ChunkDescriptor.
             * @typedef {Object} acgan.v1.ChunkDescriptor.$Properties
             * @property {string|null} [name] ChunkDescriptor name
             * @property {acgan.v1.Dtype|null} [dtype] ChunkDescriptor dtype
             * @property {Array.<number>|null} [shape] ChunkDescriptor shape
             * @property {number|null} [byteLength] ChunkDescriptor byteLength
             * @property {number|null} [elementOffset] ChunkDescriptor elementOffset
             * @property {number|null} [totalElements] ChunkDescriptor totalElements
             * @property {Array.<number>|null} [tensorShape] ChunkDescriptor tensorShape
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ChunkDescriptor.
             * @memberof acgan.v1
             * @interface IChunkDescriptor
             * @augments acgan.v1.ChunkDescriptor.$Properties
             * @deprecated Use acgan.v1.ChunkDescriptor.$Properties instead.
             */

            /**
             * Shape of a ChunkDescriptor.
             * @typedef {acgan.v1.ChunkDescriptor.$Properties} acgan.v1.ChunkDescriptor.$Shape
             */

            /**
             * Constructs a new ChunkDescriptor.
             * @memberof acgan.v1
             * @classdesc Represents a ChunkDescriptor.
             * @constructor
             * @param {acgan.v1.ChunkDescriptor.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ChunkDescriptor = function (properties) {
                this.shape = [];
                this.tensorShape = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ChunkDescriptor name.
             * @member {string} name
             * @memberof acgan.v1.ChunkDescriptor
             * @instance
             */
            ChunkDescriptor.prototype.name = "";

            /**
             * ChunkDescriptor dtype.
             * @member {acgan.v1.Dtype} dtype
             * @memberof acgan.v1.ChunkDescriptor
             * @instance
             */
            ChunkDescriptor.prototype.dtype = 0;

            /**
             * ChunkDescriptor shape.
             * @member {Array.<number>} shape
             * @memberof acgan.v1.ChunkDescriptor
             * @instance
             */
            ChunkDescriptor.prototype.shape = $util.emptyArray;

            /**
             * ChunkDescriptor byteLength.
             * @member {number} byteLength
             * @memberof acgan.v1.ChunkDescriptor
             * @instance
             */
            ChunkDescriptor.prototype.byteLength = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ChunkDescriptor elementOffset.
             * @member {number} elementOffset
             * @memberof acgan.v1.ChunkDescriptor
             * @instance
             */
            ChunkDescriptor.prototype.elementOffset = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ChunkDescriptor totalElements.
             * @member {number} totalElements
             * @memberof acgan.v1.ChunkDescriptor
             * @instance
             */
            ChunkDescriptor.prototype.totalElements = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ChunkDescriptor tensorShape.
             * @member {Array.<number>} tensorShape
             * @memberof acgan.v1.ChunkDescriptor
             * @instance
             */
            ChunkDescriptor.prototype.tensorShape = $util.emptyArray;

            /**
             * Creates a new ChunkDescriptor instance using the specified properties.
             * @function create
             * @memberof acgan.v1.ChunkDescriptor
             * @static
             * @param {acgan.v1.ChunkDescriptor.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.ChunkDescriptor} ChunkDescriptor instance
             * @type {{
             *   (properties: acgan.v1.ChunkDescriptor.$Shape): acgan.v1.ChunkDescriptor & acgan.v1.ChunkDescriptor.$Shape;
             *   (properties?: acgan.v1.ChunkDescriptor.$Properties): acgan.v1.ChunkDescriptor;
             * }}
             */
            ChunkDescriptor.create = function(properties) {
                return new ChunkDescriptor(properties);
            };

            /**
             * Encodes the specified ChunkDescriptor message. Does not implicitly {@link acgan.v1.ChunkDescriptor.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.ChunkDescriptor
             * @static
             * @param {acgan.v1.ChunkDescriptor.$Properties} message ChunkDescriptor message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ChunkDescriptor.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                if (message.dtype != null && $Object.hasOwnProperty.call(message, "dtype") && message.dtype !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.dtype);
                if (message.shape != null && message.shape.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).uint32s(message.shape);
                if (message.byteLength != null && $Object.hasOwnProperty.call(message, "byteLength") && (typeof message.byteLength === "object" ? message.byteLength.low || message.byteLength.high : message.byteLength !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.byteLength);
                if (message.elementOffset != null && $Object.hasOwnProperty.call(message, "elementOffset") && (typeof message.elementOffset === "object" ? message.elementOffset.low || message.elementOffset.high : message.elementOffset !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.elementOffset);
                if (message.totalElements != null && $Object.hasOwnProperty.call(message, "totalElements") && (typeof message.totalElements === "object" ? message.totalElements.low || message.totalElements.high : message.totalElements !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.totalElements);
                if (message.tensorShape != null && message.tensorShape.length)
                    writer.uint32(/* id 7, wireType 2 =*/58).uint32s(message.tensorShape);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ChunkDescriptor message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.ChunkDescriptor
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.ChunkDescriptor & acgan.v1.ChunkDescriptor.$Shape} ChunkDescriptor
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ChunkDescriptor.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.ChunkDescriptor();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.name = value;
                            else
                                delete message.name;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.dtype = value;
                            else
                                delete message.dtype;
                            continue;
                        }
                    case 3: {
                            if (wireType === 2) {
                                if (!(message.shape && message.shape.length))
                                    message.shape = [];
                                reader.uint32s(message.shape);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.shape && message.shape.length))
                                message.shape = [];
                            message.shape.push(reader.uint32());
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.byteLength = value;
                            else
                                delete message.byteLength;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.elementOffset = value;
                            else
                                delete message.elementOffset;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.totalElements = value;
                            else
                                delete message.totalElements;
                            continue;
                        }
                    case 7: {
                            if (wireType === 2) {
                                if (!(message.tensorShape && message.tensorShape.length))
                                    message.tensorShape = [];
                                reader.uint32s(message.tensorShape);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.tensorShape && message.tensorShape.length))
                                message.tensorShape = [];
                            message.tensorShape.push(reader.uint32());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a ChunkDescriptor message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.ChunkDescriptor
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.ChunkDescriptor} ChunkDescriptor
             */
            ChunkDescriptor.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.ChunkDescriptor)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.ChunkDescriptor: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.ChunkDescriptor();
                if (object.name != null)
                    if (typeof object.name !== "string" || object.name.length)
                        message.name = $String(object.name);
                if (object.dtype !== 0 && (typeof object.dtype !== "string" || $root.acgan.v1.Dtype[object.dtype] !== 0))
                    switch (object.dtype) {
                    case "DTYPE_UNSPECIFIED":
                    case 0:
                        message.dtype = 0;
                        break;
                    case "F32":
                    case 1:
                        message.dtype = 1;
                        break;
                    case "F16":
                    case 2:
                        message.dtype = 2;
                        break;
                    case "BF16":
                    case 3:
                        message.dtype = 3;
                        break;
                    case "I32":
                    case 4:
                        message.dtype = 4;
                        break;
                    case "U8":
                    case 5:
                        message.dtype = 5;
                        break;
                    default:
                        if (typeof object.dtype === "number" && (object.dtype | 0) === object.dtype)
                            message.dtype = object.dtype;
                    }
                if (object.shape) {
                    if (!$Array.isArray(object.shape))
                        throw $TypeError(".acgan.v1.ChunkDescriptor.shape: array expected");
                    message.shape = $Array(object.shape.length);
                    for (let i = 0; i < object.shape.length; ++i)
                        message.shape[i] = object.shape[i] >>> 0;
                }
                if (object.byteLength != null)
                    if (typeof object.byteLength === "object" ? object.byteLength.low || object.byteLength.high : $Number(object.byteLength) !== 0)
                        if ($util.Long)
                            message.byteLength = $util.Long.fromValue(object.byteLength, true);
                        else if (typeof object.byteLength === "string")
                            message.byteLength = $parseInt(object.byteLength, 10);
                        else if (typeof object.byteLength === "number")
                            message.byteLength = object.byteLength;
                        else if (typeof object.byteLength === "object")
                            message.byteLength = new $util.LongBits(object.byteLength.low >>> 0, object.byteLength.high >>> 0).toNumber(true);
                if (object.elementOffset != null)
                    if (typeof object.elementOffset === "object" ? object.elementOffset.low || object.elementOffset.high : $Number(object.elementOffset) !== 0)
                        if ($util.Long)
                            message.elementOffset = $util.Long.fromValue(object.elementOffset, true);
                        else if (typeof object.elementOffset === "string")
                            message.elementOffset = $parseInt(object.elementOffset, 10);
                        else if (typeof object.elementOffset === "number")
                            message.elementOffset = object.elementOffset;
                        else if (typeof object.elementOffset === "object")
                            message.elementOffset = new $util.LongBits(object.elementOffset.low >>> 0, object.elementOffset.high >>> 0).toNumber(true);
                if (object.totalElements != null)
                    if (typeof object.totalElements === "object" ? object.totalElements.low || object.totalElements.high : $Number(object.totalElements) !== 0)
                        if ($util.Long)
                            message.totalElements = $util.Long.fromValue(object.totalElements, true);
                        else if (typeof object.totalElements === "string")
                            message.totalElements = $parseInt(object.totalElements, 10);
                        else if (typeof object.totalElements === "number")
                            message.totalElements = object.totalElements;
                        else if (typeof object.totalElements === "object")
                            message.totalElements = new $util.LongBits(object.totalElements.low >>> 0, object.totalElements.high >>> 0).toNumber(true);
                if (object.tensorShape) {
                    if (!$Array.isArray(object.tensorShape))
                        throw $TypeError(".acgan.v1.ChunkDescriptor.tensorShape: array expected");
                    message.tensorShape = $Array(object.tensorShape.length);
                    for (let i = 0; i < object.tensorShape.length; ++i)
                        message.tensorShape[i] = object.tensorShape[i] >>> 0;
                }
                return message;
            };

            /**
             * Creates a plain object from a ChunkDescriptor message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.ChunkDescriptor
             * @static
             * @param {acgan.v1.ChunkDescriptor} message ChunkDescriptor
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ChunkDescriptor.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.shape = [];
                    object.tensorShape = [];
                }
                if (options.defaults) {
                    object.name = "";
                    object.dtype = options.enums === $String ? "DTYPE_UNSPECIFIED" : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.byteLength = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.byteLength = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.elementOffset = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.elementOffset = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.totalElements = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.totalElements = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                    object.name = message.name;
                if (message.dtype != null && $Object.hasOwnProperty.call(message, "dtype"))
                    object.dtype = options.enums === $String ? $root.acgan.v1.Dtype[message.dtype] === $undefined ? message.dtype : $root.acgan.v1.Dtype[message.dtype] : message.dtype;
                if (message.shape && message.shape.length) {
                    object.shape = $Array(message.shape.length);
                    for (let j = 0; j < message.shape.length; ++j)
                        object.shape[j] = message.shape[j];
                }
                if (message.byteLength != null && $Object.hasOwnProperty.call(message, "byteLength"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.byteLength = typeof message.byteLength === "number" ? $BigInt(message.byteLength) : $util.Long.fromBits(message.byteLength.low >>> 0, message.byteLength.high >>> 0, true).toBigInt();
                    else if (typeof message.byteLength === "number")
                        object.byteLength = options.longs === $String ? $String(message.byteLength) : message.byteLength;
                    else
                        object.byteLength = options.longs === $String ? $util.Long.prototype.toString.call(message.byteLength) : options.longs === $Number ? new $util.LongBits(message.byteLength.low >>> 0, message.byteLength.high >>> 0).toNumber(true) : message.byteLength;
                if (message.elementOffset != null && $Object.hasOwnProperty.call(message, "elementOffset"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.elementOffset = typeof message.elementOffset === "number" ? $BigInt(message.elementOffset) : $util.Long.fromBits(message.elementOffset.low >>> 0, message.elementOffset.high >>> 0, true).toBigInt();
                    else if (typeof message.elementOffset === "number")
                        object.elementOffset = options.longs === $String ? $String(message.elementOffset) : message.elementOffset;
                    else
                        object.elementOffset = options.longs === $String ? $util.Long.prototype.toString.call(message.elementOffset) : options.longs === $Number ? new $util.LongBits(message.elementOffset.low >>> 0, message.elementOffset.high >>> 0).toNumber(true) : message.elementOffset;
                if (message.totalElements != null && $Object.hasOwnProperty.call(message, "totalElements"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.totalElements = typeof message.totalElements === "number" ? $BigInt(message.totalElements) : $util.Long.fromBits(message.totalElements.low >>> 0, message.totalElements.high >>> 0, true).toBigInt();
                    else if (typeof message.totalElements === "number")
                        object.totalElements = options.longs === $String ? $String(message.totalElements) : message.totalElements;
                    else
                        object.totalElements = options.longs === $String ? $util.Long.prototype.toString.call(message.totalElements) : options.longs === $Number ? new $util.LongBits(message.totalElements.low >>> 0, message.totalElements.high >>> 0).toNumber(true) : message.totalElements;
                if (message.tensorShape && message.tensorShape.length) {
                    object.tensorShape = $Array(message.tensorShape.length);
                    for (let j = 0; j < message.tensorShape.length; ++j)
                        object.tensorShape[j] = message.tensorShape[j];
                }
                return object;
            };

            /**
             * Converts this ChunkDescriptor to JSON.
             * @function toJSON
             * @memberof acgan.v1.ChunkDescriptor
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ChunkDescriptor.prototype.toJSON = function() {
                return ChunkDescriptor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ChunkDescriptor;
        })();

        v1.Capabilities = (function() {

            /**
             * Properties of a Capabilities.
             * @typedef {Object} acgan.v1.Capabilities.$Properties
             * @property {string|null} [backend] Capabilities backend
             * @property {Array.<acgan.v1.Dtype>|null} [wireDtypes] Capabilities wireDtypes
             * @property {string|null} [host] Capabilities host
             * @property {number|null} [pid] Capabilities pid
             * @property {boolean|null} [sharedMemory] Capabilities sharedMemory
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Capabilities.
             * @memberof acgan.v1
             * @interface ICapabilities
             * @augments acgan.v1.Capabilities.$Properties
             * @deprecated Use acgan.v1.Capabilities.$Properties instead.
             */

            /**
             * Shape of a Capabilities.
             * @typedef {acgan.v1.Capabilities.$Properties} acgan.v1.Capabilities.$Shape
             */

            /**
             * Constructs a new Capabilities.
             * @memberof acgan.v1
             * @classdesc Represents a Capabilities.
             * @constructor
             * @param {acgan.v1.Capabilities.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Capabilities = function (properties) {
                this.wireDtypes = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Capabilities backend.
             * @member {string} backend
             * @memberof acgan.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.backend = "";

            /**
             * Capabilities wireDtypes.
             * @member {Array.<acgan.v1.Dtype>} wireDtypes
             * @memberof acgan.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.wireDtypes = $util.emptyArray;

            /**
             * Capabilities host.
             * @member {string} host
             * @memberof acgan.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.host = "";

            /**
             * Capabilities pid.
             * @member {number} pid
             * @memberof acgan.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.pid = 0;

            /**
             * Capabilities sharedMemory.
             * @member {boolean} sharedMemory
             * @memberof acgan.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.sharedMemory = false;

            /**
             * Creates a new Capabilities instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Capabilities
             * @static
             * @param {acgan.v1.Capabilities.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Capabilities} Capabilities instance
             * @type {{
             *   (properties: acgan.v1.Capabilities.$Shape): acgan.v1.Capabilities & acgan.v1.Capabilities.$Shape;
             *   (properties?: acgan.v1.Capabilities.$Properties): acgan.v1.Capabilities;
             * }}
             */
            Capabilities.create = function(properties) {
                return new Capabilities(properties);
            };

            /**
             * Encodes the specified Capabilities message. Does not implicitly {@link acgan.v1.Capabilities.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Capabilities
             * @static
             * @param {acgan.v1.Capabilities.$Properties} message Capabilities message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Capabilities.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.backend != null && $Object.hasOwnProperty.call(message, "backend") && message.backend !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.backend);
                if (message.wireDtypes != null && message.wireDtypes.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).int32s(message.wireDtypes);
                if (message.host != null && $Object.hasOwnProperty.call(message, "host") && message.host !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.host);
                if (message.pid != null && $Object.hasOwnProperty.call(message, "pid") && message.pid !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.pid);
                if (message.sharedMemory != null && $Object.hasOwnProperty.call(message, "sharedMemory") && message.sharedMemory !== false)
                    writer.uint32(/* id 5, wireType 0 =*/40).bool(message.sharedMemory);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Capabilities message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Capabilities
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Capabilities & acgan.v1.Capabilities.$Shape} Capabilities
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Capabilities.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Capabilities();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.backend = value;
                            else
                                delete message.backend;
                            continue;
                        }
                    case 2: {
                            if (wireType === 2) {
                                if (!(message.wireDtypes && message.wireDtypes.length))
                                    message.wireDtypes = [];
                                reader.int32s(message.wireDtypes);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.wireDtypes && message.wireDtypes.length))
                                message.wireDtypes = [];
                            message.wireDtypes.push(reader.int32());
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.host = value;
                            else
                                delete message.host;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.pid = value;
                            else
                                delete message.pid;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.sharedMemory = value;
                            else
                                delete message.sharedMemory;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Capabilities message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Capabilities
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Capabilities} Capabilities
             */
            Capabilities.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Capabilities)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Capabilities: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Capabilities();
                if (object.backend != null)
                    if (typeof object.backend !== "string" || object.backend.length)
                        message.backend = $String(object.backend);
                if (object.wireDtypes) {
                    if (!$Array.isArray(object.wireDtypes))
                        throw $TypeError(".acgan.v1.Capabilities.wireDtypes: array expected");
                    message.wireDtypes = [];
                    for (let i = 0; i < object.wireDtypes.length; ++i)
                        switch (object.wireDtypes[i]) {
                        case "DTYPE_UNSPECIFIED":
                        case 0:
                            message.wireDtypes[message.wireDtypes.length] = 0;
                            break;
                        case "F32":
                        case 1:
                            message.wireDtypes[message.wireDtypes.length] = 1;
                            break;
                        case "F16":
                        case 2:
                            message.wireDtypes[message.wireDtypes.length] = 2;
                            break;
                        case "BF16":
                        case 3:
                            message.wireDtypes[message.wireDtypes.length] = 3;
                            break;
                        case "I32":
                        case 4:
                            message.wireDtypes[message.wireDtypes.length] = 4;
                            break;
                        case "U8":
                        case 5:
                            message.wireDtypes[message.wireDtypes.length] = 5;
                            break;
                        default:
                            if (typeof object.wireDtypes[i] === "number" && (object.wireDtypes[i] | 0) === object.wireDtypes[i])
                                message.wireDtypes[message.wireDtypes.length] = object.wireDtypes[i];
                        }
                }
                if (object.host != null)
                    if (typeof object.host !== "string" || object.host.length)
                        message.host = $String(object.host);
                if (object.pid != null)
                    if ($Number(object.pid) !== 0)
                        message.pid = object.pid >>> 0;
                if (object.sharedMemory != null)
                    if (object.sharedMemory)
                        message.sharedMemory = $Boolean(object.sharedMemory);
                return message;
            };

            /**
             * Creates a plain object from a Capabilities message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Capabilities
             * @static
             * @param {acgan.v1.Capabilities} message Capabilities
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Capabilities.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.wireDtypes = [];
                if (options.defaults) {
                    object.backend = "";
                    object.host = "";
                    object.pid = 0;
                    object.sharedMemory = false;
                }
                if (message.backend != null && $Object.hasOwnProperty.call(message, "backend"))
                    object.backend = message.backend;
                if (message.wireDtypes && message.wireDtypes.length) {
                    object.wireDtypes = $Array(message.wireDtypes.length);
                    for (let j = 0; j < message.wireDtypes.length; ++j)
                        object.wireDtypes[j] = options.enums === $String ? $root.acgan.v1.Dtype[message.wireDtypes[j]] === $undefined ? message.wireDtypes[j] : $root.acgan.v1.Dtype[message.wireDtypes[j]] : message.wireDtypes[j];
                }
                if (message.host != null && $Object.hasOwnProperty.call(message, "host"))
                    object.host = message.host;
                if (message.pid != null && $Object.hasOwnProperty.call(message, "pid"))
                    object.pid = message.pid;
                if (message.sharedMemory != null && $Object.hasOwnProperty.call(message, "sharedMemory"))
                    object.sharedMemory = message.sharedMemory;
                return object;
            };

            /**
             * Converts this Capabilities to JSON.
             * @function toJSON
             * @memberof acgan.v1.Capabilities
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Capabilities.prototype.toJSON = function() {
                return Capabilities.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Capabilities;
        })();

        v1.Register = (function() {

            /**
             * Properties of a Register.
             * @typedef {Object} acgan.v1.Register.$Properties
             * @property {number|null} [protocolVersion] Register protocolVersion
             * @property {string|null} [modelConfigHash] Register modelConfigHash
             * @property {acgan.v1.Capabilities.$Properties|null} [capabilities] Register capabilities
             * @property {number|null} [requestedRank] Register requestedRank
             * @property {string|null} [modelConfigJson] Register modelConfigJson
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Register.
             * @memberof acgan.v1
             * @interface IRegister
             * @augments acgan.v1.Register.$Properties
             * @deprecated Use acgan.v1.Register.$Properties instead.
             */

            /**
             * Shape of a Register.
             * @typedef {acgan.v1.Register.$Properties} acgan.v1.Register.$Shape
             */

            /**
             * Constructs a new Register.
             * @memberof acgan.v1
             * @classdesc Represents a Register.
             * @constructor
             * @param {acgan.v1.Register.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Register = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Register protocolVersion.
             * @member {number} protocolVersion
             * @memberof acgan.v1.Register
             * @instance
             */
            Register.prototype.protocolVersion = 0;

            /**
             * Register modelConfigHash.
             * @member {string} modelConfigHash
             * @memberof acgan.v1.Register
             * @instance
             */
            Register.prototype.modelConfigHash = "";

            /**
             * Register capabilities.
             * @member {acgan.v1.Capabilities.$Properties|null|undefined} capabilities
             * @memberof acgan.v1.Register
             * @instance
             */
            Register.prototype.capabilities = null;

            /**
             * Register requestedRank.
             * @member {number} requestedRank
             * @memberof acgan.v1.Register
             * @instance
             */
            Register.prototype.requestedRank = 0;

            /**
             * Register modelConfigJson.
             * @member {string} modelConfigJson
             * @memberof acgan.v1.Register
             * @instance
             */
            Register.prototype.modelConfigJson = "";

            /**
             * Creates a new Register instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Register
             * @static
             * @param {acgan.v1.Register.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Register} Register instance
             * @type {{
             *   (properties: acgan.v1.Register.$Shape): acgan.v1.Register & acgan.v1.Register.$Shape;
             *   (properties?: acgan.v1.Register.$Properties): acgan.v1.Register;
             * }}
             */
            Register.create = function(properties) {
                return new Register(properties);
            };

            /**
             * Encodes the specified Register message. Does not implicitly {@link acgan.v1.Register.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Register
             * @static
             * @param {acgan.v1.Register.$Properties} message Register message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Register.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.protocolVersion != null && $Object.hasOwnProperty.call(message, "protocolVersion") && message.protocolVersion !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.protocolVersion);
                if (message.modelConfigHash != null && $Object.hasOwnProperty.call(message, "modelConfigHash") && message.modelConfigHash !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.modelConfigHash);
                if (message.capabilities != null && $Object.hasOwnProperty.call(message, "capabilities"))
                    $root.acgan.v1.Capabilities.encode(message.capabilities, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.requestedRank != null && $Object.hasOwnProperty.call(message, "requestedRank") && message.requestedRank !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.requestedRank);
                if (message.modelConfigJson != null && $Object.hasOwnProperty.call(message, "modelConfigJson") && message.modelConfigJson !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.modelConfigJson);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Register message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Register
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Register & acgan.v1.Register.$Shape} Register
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Register.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Register();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.protocolVersion = value;
                            else
                                delete message.protocolVersion;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.modelConfigHash = value;
                            else
                                delete message.modelConfigHash;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.capabilities = $root.acgan.v1.Capabilities.decode(reader, reader.size(), $undefined, _depth + 1, message.capabilities);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.requestedRank = value;
                            else
                                delete message.requestedRank;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.modelConfigJson = value;
                            else
                                delete message.modelConfigJson;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Register message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Register
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Register} Register
             */
            Register.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Register)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Register: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Register();
                if (object.protocolVersion != null)
                    if ($Number(object.protocolVersion) !== 0)
                        message.protocolVersion = object.protocolVersion >>> 0;
                if (object.modelConfigHash != null)
                    if (typeof object.modelConfigHash !== "string" || object.modelConfigHash.length)
                        message.modelConfigHash = $String(object.modelConfigHash);
                if (object.capabilities != null) {
                    if (!$util.isObject(object.capabilities))
                        throw $TypeError(".acgan.v1.Register.capabilities: object expected");
                    message.capabilities = $root.acgan.v1.Capabilities.fromObject(object.capabilities, _depth + 1);
                }
                if (object.requestedRank != null)
                    if ($Number(object.requestedRank) !== 0)
                        message.requestedRank = object.requestedRank | 0;
                if (object.modelConfigJson != null)
                    if (typeof object.modelConfigJson !== "string" || object.modelConfigJson.length)
                        message.modelConfigJson = $String(object.modelConfigJson);
                return message;
            };

            /**
             * Creates a plain object from a Register message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Register
             * @static
             * @param {acgan.v1.Register} message Register
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Register.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.protocolVersion = 0;
                    object.modelConfigHash = "";
                    object.capabilities = null;
                    object.requestedRank = 0;
                    object.modelConfigJson = "";
                }
                if (message.protocolVersion != null && $Object.hasOwnProperty.call(message, "protocolVersion"))
                    object.protocolVersion = message.protocolVersion;
                if (message.modelConfigHash != null && $Object.hasOwnProperty.call(message, "modelConfigHash"))
                    object.modelConfigHash = message.modelConfigHash;
                if (message.capabilities != null && $Object.hasOwnProperty.call(message, "capabilities"))
                    object.capabilities = $root.acgan.v1.Capabilities.toObject(message.capabilities, options, _depth + 1);
                if (message.requestedRank != null && $Object.hasOwnProperty.call(message, "requestedRank"))
                    object.requestedRank = message.requestedRank;
                if (message.modelConfigJson != null && $Object.hasOwnProperty.call(message, "modelConfigJson"))
                    object.modelConfigJson = message.modelConfigJson;
                return object;
            };

            /**
             * Converts this Register to JSON.
             * @function toJSON
             * @memberof acgan.v1.Register
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Register.prototype.toJSON = function() {
                return Register.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Register;
        })();

        v1.Assign = (function() {

            /**
             * Properties of an Assign.
             * @typedef {Object} acgan.v1.Assign.$Properties
             * @property {number|null} [rank] Assign rank
             * @property {number|null} [worldSize] Assign worldSize
             * @property {string|null} [runConfigJson] Assign runConfigJson
             * @property {number|null} [startStep] Assign startStep
             * @property {number|null} [epoch] Assign epoch
             * @property {string|null} [session] Assign session
             * @property {acgan.v1.SharedMemory.$Properties|null} [sharedMemory] Assign sharedMemory
             * @property {string|null} [datasetFactsJson] Assign datasetFactsJson
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Assign.
             * @memberof acgan.v1
             * @interface IAssign
             * @augments acgan.v1.Assign.$Properties
             * @deprecated Use acgan.v1.Assign.$Properties instead.
             */

            /**
             * Shape of an Assign.
             * @typedef {acgan.v1.Assign.$Properties} acgan.v1.Assign.$Shape
             */

            /**
             * Constructs a new Assign.
             * @memberof acgan.v1
             * @classdesc Represents an Assign.
             * @constructor
             * @param {acgan.v1.Assign.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Assign = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Assign rank.
             * @member {number} rank
             * @memberof acgan.v1.Assign
             * @instance
             */
            Assign.prototype.rank = 0;

            /**
             * Assign worldSize.
             * @member {number} worldSize
             * @memberof acgan.v1.Assign
             * @instance
             */
            Assign.prototype.worldSize = 0;

            /**
             * Assign runConfigJson.
             * @member {string} runConfigJson
             * @memberof acgan.v1.Assign
             * @instance
             */
            Assign.prototype.runConfigJson = "";

            /**
             * Assign startStep.
             * @member {number} startStep
             * @memberof acgan.v1.Assign
             * @instance
             */
            Assign.prototype.startStep = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Assign epoch.
             * @member {number} epoch
             * @memberof acgan.v1.Assign
             * @instance
             */
            Assign.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Assign session.
             * @member {string} session
             * @memberof acgan.v1.Assign
             * @instance
             */
            Assign.prototype.session = "";

            /**
             * Assign sharedMemory.
             * @member {acgan.v1.SharedMemory.$Properties|null|undefined} sharedMemory
             * @memberof acgan.v1.Assign
             * @instance
             */
            Assign.prototype.sharedMemory = null;

            /**
             * Assign datasetFactsJson.
             * @member {string} datasetFactsJson
             * @memberof acgan.v1.Assign
             * @instance
             */
            Assign.prototype.datasetFactsJson = "";

            /**
             * Creates a new Assign instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Assign
             * @static
             * @param {acgan.v1.Assign.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Assign} Assign instance
             * @type {{
             *   (properties: acgan.v1.Assign.$Shape): acgan.v1.Assign & acgan.v1.Assign.$Shape;
             *   (properties?: acgan.v1.Assign.$Properties): acgan.v1.Assign;
             * }}
             */
            Assign.create = function(properties) {
                return new Assign(properties);
            };

            /**
             * Encodes the specified Assign message. Does not implicitly {@link acgan.v1.Assign.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Assign
             * @static
             * @param {acgan.v1.Assign.$Properties} message Assign message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Assign.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.rank != null && $Object.hasOwnProperty.call(message, "rank") && message.rank !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.rank);
                if (message.worldSize != null && $Object.hasOwnProperty.call(message, "worldSize") && message.worldSize !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.worldSize);
                if (message.runConfigJson != null && $Object.hasOwnProperty.call(message, "runConfigJson") && message.runConfigJson !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.runConfigJson);
                if (message.startStep != null && $Object.hasOwnProperty.call(message, "startStep") && (typeof message.startStep === "object" ? message.startStep.low || message.startStep.high : message.startStep !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.startStep);
                if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.epoch);
                if (message.session != null && $Object.hasOwnProperty.call(message, "session") && message.session !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.session);
                if (message.sharedMemory != null && $Object.hasOwnProperty.call(message, "sharedMemory"))
                    $root.acgan.v1.SharedMemory.encode(message.sharedMemory, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.datasetFactsJson != null && $Object.hasOwnProperty.call(message, "datasetFactsJson") && message.datasetFactsJson !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.datasetFactsJson);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Assign message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Assign
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Assign & acgan.v1.Assign.$Shape} Assign
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Assign.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Assign();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.rank = value;
                            else
                                delete message.rank;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.worldSize = value;
                            else
                                delete message.worldSize;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.runConfigJson = value;
                            else
                                delete message.runConfigJson;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.startStep = value;
                            else
                                delete message.startStep;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.epoch = value;
                            else
                                delete message.epoch;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.session = value;
                            else
                                delete message.session;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.sharedMemory = $root.acgan.v1.SharedMemory.decode(reader, reader.size(), $undefined, _depth + 1, message.sharedMemory);
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.datasetFactsJson = value;
                            else
                                delete message.datasetFactsJson;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an Assign message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Assign
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Assign} Assign
             */
            Assign.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Assign)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Assign: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Assign();
                if (object.rank != null)
                    if ($Number(object.rank) !== 0)
                        message.rank = object.rank | 0;
                if (object.worldSize != null)
                    if ($Number(object.worldSize) !== 0)
                        message.worldSize = object.worldSize >>> 0;
                if (object.runConfigJson != null)
                    if (typeof object.runConfigJson !== "string" || object.runConfigJson.length)
                        message.runConfigJson = $String(object.runConfigJson);
                if (object.startStep != null)
                    if (typeof object.startStep === "object" ? object.startStep.low || object.startStep.high : $Number(object.startStep) !== 0)
                        if ($util.Long)
                            message.startStep = $util.Long.fromValue(object.startStep, true);
                        else if (typeof object.startStep === "string")
                            message.startStep = $parseInt(object.startStep, 10);
                        else if (typeof object.startStep === "number")
                            message.startStep = object.startStep;
                        else if (typeof object.startStep === "object")
                            message.startStep = new $util.LongBits(object.startStep.low >>> 0, object.startStep.high >>> 0).toNumber(true);
                if (object.epoch != null)
                    if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                        if ($util.Long)
                            message.epoch = $util.Long.fromValue(object.epoch, true);
                        else if (typeof object.epoch === "string")
                            message.epoch = $parseInt(object.epoch, 10);
                        else if (typeof object.epoch === "number")
                            message.epoch = object.epoch;
                        else if (typeof object.epoch === "object")
                            message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
                if (object.session != null)
                    if (typeof object.session !== "string" || object.session.length)
                        message.session = $String(object.session);
                if (object.sharedMemory != null) {
                    if (!$util.isObject(object.sharedMemory))
                        throw $TypeError(".acgan.v1.Assign.sharedMemory: object expected");
                    message.sharedMemory = $root.acgan.v1.SharedMemory.fromObject(object.sharedMemory, _depth + 1);
                }
                if (object.datasetFactsJson != null)
                    if (typeof object.datasetFactsJson !== "string" || object.datasetFactsJson.length)
                        message.datasetFactsJson = $String(object.datasetFactsJson);
                return message;
            };

            /**
             * Creates a plain object from an Assign message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Assign
             * @static
             * @param {acgan.v1.Assign} message Assign
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Assign.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.rank = 0;
                    object.worldSize = 0;
                    object.runConfigJson = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.startStep = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.startStep = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.session = "";
                    object.sharedMemory = null;
                    object.datasetFactsJson = "";
                }
                if (message.rank != null && $Object.hasOwnProperty.call(message, "rank"))
                    object.rank = message.rank;
                if (message.worldSize != null && $Object.hasOwnProperty.call(message, "worldSize"))
                    object.worldSize = message.worldSize;
                if (message.runConfigJson != null && $Object.hasOwnProperty.call(message, "runConfigJson"))
                    object.runConfigJson = message.runConfigJson;
                if (message.startStep != null && $Object.hasOwnProperty.call(message, "startStep"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.startStep = typeof message.startStep === "number" ? $BigInt(message.startStep) : $util.Long.fromBits(message.startStep.low >>> 0, message.startStep.high >>> 0, true).toBigInt();
                    else if (typeof message.startStep === "number")
                        object.startStep = options.longs === $String ? $String(message.startStep) : message.startStep;
                    else
                        object.startStep = options.longs === $String ? $util.Long.prototype.toString.call(message.startStep) : options.longs === $Number ? new $util.LongBits(message.startStep.low >>> 0, message.startStep.high >>> 0).toNumber(true) : message.startStep;
                if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                    else if (typeof message.epoch === "number")
                        object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                    else
                        object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
                if (message.session != null && $Object.hasOwnProperty.call(message, "session"))
                    object.session = message.session;
                if (message.sharedMemory != null && $Object.hasOwnProperty.call(message, "sharedMemory"))
                    object.sharedMemory = $root.acgan.v1.SharedMemory.toObject(message.sharedMemory, options, _depth + 1);
                if (message.datasetFactsJson != null && $Object.hasOwnProperty.call(message, "datasetFactsJson"))
                    object.datasetFactsJson = message.datasetFactsJson;
                return object;
            };

            /**
             * Converts this Assign to JSON.
             * @function toJSON
             * @memberof acgan.v1.Assign
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Assign.prototype.toJSON = function() {
                return Assign.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Assign;
        })();

        v1.SharedMemory = (function() {

            /**
             * Properties of a SharedMemory.
             * @typedef {Object} acgan.v1.SharedMemory.$Properties
             * @property {string|null} [slotPath] SharedMemory slotPath
             * @property {string|null} [averagePath] SharedMemory averagePath
             * @property {number|null} [bytes] SharedMemory bytes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SharedMemory.
             * @memberof acgan.v1
             * @interface ISharedMemory
             * @augments acgan.v1.SharedMemory.$Properties
             * @deprecated Use acgan.v1.SharedMemory.$Properties instead.
             */

            /**
             * Shape of a SharedMemory.
             * @typedef {acgan.v1.SharedMemory.$Properties} acgan.v1.SharedMemory.$Shape
             */

            /**
             * Constructs a new SharedMemory.
             * @memberof acgan.v1
             * @classdesc Represents a SharedMemory.
             * @constructor
             * @param {acgan.v1.SharedMemory.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SharedMemory = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SharedMemory slotPath.
             * @member {string} slotPath
             * @memberof acgan.v1.SharedMemory
             * @instance
             */
            SharedMemory.prototype.slotPath = "";

            /**
             * SharedMemory averagePath.
             * @member {string} averagePath
             * @memberof acgan.v1.SharedMemory
             * @instance
             */
            SharedMemory.prototype.averagePath = "";

            /**
             * SharedMemory bytes.
             * @member {number} bytes
             * @memberof acgan.v1.SharedMemory
             * @instance
             */
            SharedMemory.prototype.bytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new SharedMemory instance using the specified properties.
             * @function create
             * @memberof acgan.v1.SharedMemory
             * @static
             * @param {acgan.v1.SharedMemory.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.SharedMemory} SharedMemory instance
             * @type {{
             *   (properties: acgan.v1.SharedMemory.$Shape): acgan.v1.SharedMemory & acgan.v1.SharedMemory.$Shape;
             *   (properties?: acgan.v1.SharedMemory.$Properties): acgan.v1.SharedMemory;
             * }}
             */
            SharedMemory.create = function(properties) {
                return new SharedMemory(properties);
            };

            /**
             * Encodes the specified SharedMemory message. Does not implicitly {@link acgan.v1.SharedMemory.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.SharedMemory
             * @static
             * @param {acgan.v1.SharedMemory.$Properties} message SharedMemory message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SharedMemory.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.slotPath != null && $Object.hasOwnProperty.call(message, "slotPath") && message.slotPath !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.slotPath);
                if (message.averagePath != null && $Object.hasOwnProperty.call(message, "averagePath") && message.averagePath !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.averagePath);
                if (message.bytes != null && $Object.hasOwnProperty.call(message, "bytes") && (typeof message.bytes === "object" ? message.bytes.low || message.bytes.high : message.bytes !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.bytes);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SharedMemory message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.SharedMemory
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.SharedMemory & acgan.v1.SharedMemory.$Shape} SharedMemory
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SharedMemory.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.SharedMemory();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.slotPath = value;
                            else
                                delete message.slotPath;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.averagePath = value;
                            else
                                delete message.averagePath;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.bytes = value;
                            else
                                delete message.bytes;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a SharedMemory message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.SharedMemory
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.SharedMemory} SharedMemory
             */
            SharedMemory.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.SharedMemory)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.SharedMemory: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.SharedMemory();
                if (object.slotPath != null)
                    if (typeof object.slotPath !== "string" || object.slotPath.length)
                        message.slotPath = $String(object.slotPath);
                if (object.averagePath != null)
                    if (typeof object.averagePath !== "string" || object.averagePath.length)
                        message.averagePath = $String(object.averagePath);
                if (object.bytes != null)
                    if (typeof object.bytes === "object" ? object.bytes.low || object.bytes.high : $Number(object.bytes) !== 0)
                        if ($util.Long)
                            message.bytes = $util.Long.fromValue(object.bytes, true);
                        else if (typeof object.bytes === "string")
                            message.bytes = $parseInt(object.bytes, 10);
                        else if (typeof object.bytes === "number")
                            message.bytes = object.bytes;
                        else if (typeof object.bytes === "object")
                            message.bytes = new $util.LongBits(object.bytes.low >>> 0, object.bytes.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a SharedMemory message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.SharedMemory
             * @static
             * @param {acgan.v1.SharedMemory} message SharedMemory
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            SharedMemory.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.slotPath = "";
                    object.averagePath = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.bytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.bytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.slotPath != null && $Object.hasOwnProperty.call(message, "slotPath"))
                    object.slotPath = message.slotPath;
                if (message.averagePath != null && $Object.hasOwnProperty.call(message, "averagePath"))
                    object.averagePath = message.averagePath;
                if (message.bytes != null && $Object.hasOwnProperty.call(message, "bytes"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.bytes = typeof message.bytes === "number" ? $BigInt(message.bytes) : $util.Long.fromBits(message.bytes.low >>> 0, message.bytes.high >>> 0, true).toBigInt();
                    else if (typeof message.bytes === "number")
                        object.bytes = options.longs === $String ? $String(message.bytes) : message.bytes;
                    else
                        object.bytes = options.longs === $String ? $util.Long.prototype.toString.call(message.bytes) : options.longs === $Number ? new $util.LongBits(message.bytes.low >>> 0, message.bytes.high >>> 0).toNumber(true) : message.bytes;
                return object;
            };

            /**
             * Converts this SharedMemory to JSON.
             * @function toJSON
             * @memberof acgan.v1.SharedMemory
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            SharedMemory.prototype.toJSON = function() {
                return SharedMemory.toObject(this, $protobuf.util.toJSONOptions);
            };

            return SharedMemory;
        })();

        v1.State = (function() {

            /**
             * Properties of a State.
             * @typedef {Object} acgan.v1.State.$Properties
             * @property {number|null} [step] State step
             * @property {number|null} [epoch] State epoch
             * @property {acgan.v1.StatePurpose|null} [purpose] State purpose
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a State.
             * @memberof acgan.v1
             * @interface IState
             * @augments acgan.v1.State.$Properties
             * @deprecated Use acgan.v1.State.$Properties instead.
             */

            /**
             * Shape of a State.
             * @typedef {acgan.v1.State.$Properties} acgan.v1.State.$Shape
             */

            /**
             * Constructs a new State.
             * @memberof acgan.v1
             * @classdesc Represents a State.
             * @constructor
             * @param {acgan.v1.State.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const State = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * State step.
             * @member {number} step
             * @memberof acgan.v1.State
             * @instance
             */
            State.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * State epoch.
             * @member {number} epoch
             * @memberof acgan.v1.State
             * @instance
             */
            State.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * State purpose.
             * @member {acgan.v1.StatePurpose} purpose
             * @memberof acgan.v1.State
             * @instance
             */
            State.prototype.purpose = 0;

            /**
             * Creates a new State instance using the specified properties.
             * @function create
             * @memberof acgan.v1.State
             * @static
             * @param {acgan.v1.State.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.State} State instance
             * @type {{
             *   (properties: acgan.v1.State.$Shape): acgan.v1.State & acgan.v1.State.$Shape;
             *   (properties?: acgan.v1.State.$Properties): acgan.v1.State;
             * }}
             */
            State.create = function(properties) {
                return new State(properties);
            };

            /**
             * Encodes the specified State message. Does not implicitly {@link acgan.v1.State.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.State
             * @static
             * @param {acgan.v1.State.$Properties} message State message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            State.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.step != null && $Object.hasOwnProperty.call(message, "step") && (typeof message.step === "object" ? message.step.low || message.step.high : message.step !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.step);
                if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.epoch);
                if (message.purpose != null && $Object.hasOwnProperty.call(message, "purpose") && message.purpose !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.purpose);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a State message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.State
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.State & acgan.v1.State.$Shape} State
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            State.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.State();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.step = value;
                            else
                                delete message.step;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.epoch = value;
                            else
                                delete message.epoch;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.purpose = value;
                            else
                                delete message.purpose;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a State message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.State
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.State} State
             */
            State.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.State)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.State: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.State();
                if (object.step != null)
                    if (typeof object.step === "object" ? object.step.low || object.step.high : $Number(object.step) !== 0)
                        if ($util.Long)
                            message.step = $util.Long.fromValue(object.step, true);
                        else if (typeof object.step === "string")
                            message.step = $parseInt(object.step, 10);
                        else if (typeof object.step === "number")
                            message.step = object.step;
                        else if (typeof object.step === "object")
                            message.step = new $util.LongBits(object.step.low >>> 0, object.step.high >>> 0).toNumber(true);
                if (object.epoch != null)
                    if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                        if ($util.Long)
                            message.epoch = $util.Long.fromValue(object.epoch, true);
                        else if (typeof object.epoch === "string")
                            message.epoch = $parseInt(object.epoch, 10);
                        else if (typeof object.epoch === "number")
                            message.epoch = object.epoch;
                        else if (typeof object.epoch === "object")
                            message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
                if (object.purpose !== 0 && (typeof object.purpose !== "string" || $root.acgan.v1.StatePurpose[object.purpose] !== 0))
                    switch (object.purpose) {
                    case "PURPOSE_UNSPECIFIED":
                    case 0:
                        message.purpose = 0;
                        break;
                    case "INITIAL":
                    case 1:
                        message.purpose = 1;
                        break;
                    case "REJOIN":
                    case 2:
                        message.purpose = 2;
                        break;
                    case "CHECKPOINT":
                    case 3:
                        message.purpose = 3;
                        break;
                    default:
                        if (typeof object.purpose === "number" && (object.purpose | 0) === object.purpose)
                            message.purpose = object.purpose;
                    }
                return message;
            };

            /**
             * Creates a plain object from a State message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.State
             * @static
             * @param {acgan.v1.State} message State
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            State.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.step = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.step = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.purpose = options.enums === $String ? "PURPOSE_UNSPECIFIED" : 0;
                }
                if (message.step != null && $Object.hasOwnProperty.call(message, "step"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.step = typeof message.step === "number" ? $BigInt(message.step) : $util.Long.fromBits(message.step.low >>> 0, message.step.high >>> 0, true).toBigInt();
                    else if (typeof message.step === "number")
                        object.step = options.longs === $String ? $String(message.step) : message.step;
                    else
                        object.step = options.longs === $String ? $util.Long.prototype.toString.call(message.step) : options.longs === $Number ? new $util.LongBits(message.step.low >>> 0, message.step.high >>> 0).toNumber(true) : message.step;
                if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                    else if (typeof message.epoch === "number")
                        object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                    else
                        object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
                if (message.purpose != null && $Object.hasOwnProperty.call(message, "purpose"))
                    object.purpose = options.enums === $String ? $root.acgan.v1.StatePurpose[message.purpose] === $undefined ? message.purpose : $root.acgan.v1.StatePurpose[message.purpose] : message.purpose;
                return object;
            };

            /**
             * Converts this State to JSON.
             * @function toJSON
             * @memberof acgan.v1.State
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            State.prototype.toJSON = function() {
                return State.toObject(this, $protobuf.util.toJSONOptions);
            };

            return State;
        })();

        v1.StateRequest = (function() {

            /**
             * Properties of a StateRequest.
             * @typedef {Object} acgan.v1.StateRequest.$Properties
             * @property {number|null} [step] StateRequest step
             * @property {acgan.v1.StatePurpose|null} [purpose] StateRequest purpose
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a StateRequest.
             * @memberof acgan.v1
             * @interface IStateRequest
             * @augments acgan.v1.StateRequest.$Properties
             * @deprecated Use acgan.v1.StateRequest.$Properties instead.
             */

            /**
             * Shape of a StateRequest.
             * @typedef {acgan.v1.StateRequest.$Properties} acgan.v1.StateRequest.$Shape
             */

            /**
             * Constructs a new StateRequest.
             * @memberof acgan.v1
             * @classdesc Represents a StateRequest.
             * @constructor
             * @param {acgan.v1.StateRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const StateRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * StateRequest step.
             * @member {number} step
             * @memberof acgan.v1.StateRequest
             * @instance
             */
            StateRequest.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StateRequest purpose.
             * @member {acgan.v1.StatePurpose} purpose
             * @memberof acgan.v1.StateRequest
             * @instance
             */
            StateRequest.prototype.purpose = 0;

            /**
             * Creates a new StateRequest instance using the specified properties.
             * @function create
             * @memberof acgan.v1.StateRequest
             * @static
             * @param {acgan.v1.StateRequest.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.StateRequest} StateRequest instance
             * @type {{
             *   (properties: acgan.v1.StateRequest.$Shape): acgan.v1.StateRequest & acgan.v1.StateRequest.$Shape;
             *   (properties?: acgan.v1.StateRequest.$Properties): acgan.v1.StateRequest;
             * }}
             */
            StateRequest.create = function(properties) {
                return new StateRequest(properties);
            };

            /**
             * Encodes the specified StateRequest message. Does not implicitly {@link acgan.v1.StateRequest.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.StateRequest
             * @static
             * @param {acgan.v1.StateRequest.$Properties} message StateRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            StateRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.step != null && $Object.hasOwnProperty.call(message, "step") && (typeof message.step === "object" ? message.step.low || message.step.high : message.step !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.step);
                if (message.purpose != null && $Object.hasOwnProperty.call(message, "purpose") && message.purpose !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.purpose);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a StateRequest message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.StateRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.StateRequest & acgan.v1.StateRequest.$Shape} StateRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            StateRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.StateRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.step = value;
                            else
                                delete message.step;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.purpose = value;
                            else
                                delete message.purpose;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a StateRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.StateRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.StateRequest} StateRequest
             */
            StateRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.StateRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.StateRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.StateRequest();
                if (object.step != null)
                    if (typeof object.step === "object" ? object.step.low || object.step.high : $Number(object.step) !== 0)
                        if ($util.Long)
                            message.step = $util.Long.fromValue(object.step, true);
                        else if (typeof object.step === "string")
                            message.step = $parseInt(object.step, 10);
                        else if (typeof object.step === "number")
                            message.step = object.step;
                        else if (typeof object.step === "object")
                            message.step = new $util.LongBits(object.step.low >>> 0, object.step.high >>> 0).toNumber(true);
                if (object.purpose !== 0 && (typeof object.purpose !== "string" || $root.acgan.v1.StatePurpose[object.purpose] !== 0))
                    switch (object.purpose) {
                    case "PURPOSE_UNSPECIFIED":
                    case 0:
                        message.purpose = 0;
                        break;
                    case "INITIAL":
                    case 1:
                        message.purpose = 1;
                        break;
                    case "REJOIN":
                    case 2:
                        message.purpose = 2;
                        break;
                    case "CHECKPOINT":
                    case 3:
                        message.purpose = 3;
                        break;
                    default:
                        if (typeof object.purpose === "number" && (object.purpose | 0) === object.purpose)
                            message.purpose = object.purpose;
                    }
                return message;
            };

            /**
             * Creates a plain object from a StateRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.StateRequest
             * @static
             * @param {acgan.v1.StateRequest} message StateRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            StateRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.step = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.step = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.purpose = options.enums === $String ? "PURPOSE_UNSPECIFIED" : 0;
                }
                if (message.step != null && $Object.hasOwnProperty.call(message, "step"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.step = typeof message.step === "number" ? $BigInt(message.step) : $util.Long.fromBits(message.step.low >>> 0, message.step.high >>> 0, true).toBigInt();
                    else if (typeof message.step === "number")
                        object.step = options.longs === $String ? $String(message.step) : message.step;
                    else
                        object.step = options.longs === $String ? $util.Long.prototype.toString.call(message.step) : options.longs === $Number ? new $util.LongBits(message.step.low >>> 0, message.step.high >>> 0).toNumber(true) : message.step;
                if (message.purpose != null && $Object.hasOwnProperty.call(message, "purpose"))
                    object.purpose = options.enums === $String ? $root.acgan.v1.StatePurpose[message.purpose] === $undefined ? message.purpose : $root.acgan.v1.StatePurpose[message.purpose] : message.purpose;
                return object;
            };

            /**
             * Converts this StateRequest to JSON.
             * @function toJSON
             * @memberof acgan.v1.StateRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            StateRequest.prototype.toJSON = function() {
                return StateRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return StateRequest;
        })();

        v1.Ready = (function() {

            /**
             * Properties of a Ready.
             * @typedef {Object} acgan.v1.Ready.$Properties
             * @property {number|null} [step] Ready step
             * @property {string|null} [backend] Ready backend
             * @property {boolean|null} [sharedMemory] Ready sharedMemory
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Ready.
             * @memberof acgan.v1
             * @interface IReady
             * @augments acgan.v1.Ready.$Properties
             * @deprecated Use acgan.v1.Ready.$Properties instead.
             */

            /**
             * Shape of a Ready.
             * @typedef {acgan.v1.Ready.$Properties} acgan.v1.Ready.$Shape
             */

            /**
             * Constructs a new Ready.
             * @memberof acgan.v1
             * @classdesc Represents a Ready.
             * @constructor
             * @param {acgan.v1.Ready.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Ready = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Ready step.
             * @member {number} step
             * @memberof acgan.v1.Ready
             * @instance
             */
            Ready.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Ready backend.
             * @member {string} backend
             * @memberof acgan.v1.Ready
             * @instance
             */
            Ready.prototype.backend = "";

            /**
             * Ready sharedMemory.
             * @member {boolean} sharedMemory
             * @memberof acgan.v1.Ready
             * @instance
             */
            Ready.prototype.sharedMemory = false;

            /**
             * Creates a new Ready instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Ready
             * @static
             * @param {acgan.v1.Ready.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Ready} Ready instance
             * @type {{
             *   (properties: acgan.v1.Ready.$Shape): acgan.v1.Ready & acgan.v1.Ready.$Shape;
             *   (properties?: acgan.v1.Ready.$Properties): acgan.v1.Ready;
             * }}
             */
            Ready.create = function(properties) {
                return new Ready(properties);
            };

            /**
             * Encodes the specified Ready message. Does not implicitly {@link acgan.v1.Ready.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Ready
             * @static
             * @param {acgan.v1.Ready.$Properties} message Ready message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Ready.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.step != null && $Object.hasOwnProperty.call(message, "step") && (typeof message.step === "object" ? message.step.low || message.step.high : message.step !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.step);
                if (message.backend != null && $Object.hasOwnProperty.call(message, "backend") && message.backend !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.backend);
                if (message.sharedMemory != null && $Object.hasOwnProperty.call(message, "sharedMemory") && message.sharedMemory !== false)
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.sharedMemory);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Ready message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Ready
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Ready & acgan.v1.Ready.$Shape} Ready
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Ready.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Ready();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.step = value;
                            else
                                delete message.step;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.backend = value;
                            else
                                delete message.backend;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.sharedMemory = value;
                            else
                                delete message.sharedMemory;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Ready message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Ready
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Ready} Ready
             */
            Ready.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Ready)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Ready: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Ready();
                if (object.step != null)
                    if (typeof object.step === "object" ? object.step.low || object.step.high : $Number(object.step) !== 0)
                        if ($util.Long)
                            message.step = $util.Long.fromValue(object.step, true);
                        else if (typeof object.step === "string")
                            message.step = $parseInt(object.step, 10);
                        else if (typeof object.step === "number")
                            message.step = object.step;
                        else if (typeof object.step === "object")
                            message.step = new $util.LongBits(object.step.low >>> 0, object.step.high >>> 0).toNumber(true);
                if (object.backend != null)
                    if (typeof object.backend !== "string" || object.backend.length)
                        message.backend = $String(object.backend);
                if (object.sharedMemory != null)
                    if (object.sharedMemory)
                        message.sharedMemory = $Boolean(object.sharedMemory);
                return message;
            };

            /**
             * Creates a plain object from a Ready message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Ready
             * @static
             * @param {acgan.v1.Ready} message Ready
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Ready.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.step = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.step = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.backend = "";
                    object.sharedMemory = false;
                }
                if (message.step != null && $Object.hasOwnProperty.call(message, "step"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.step = typeof message.step === "number" ? $BigInt(message.step) : $util.Long.fromBits(message.step.low >>> 0, message.step.high >>> 0, true).toBigInt();
                    else if (typeof message.step === "number")
                        object.step = options.longs === $String ? $String(message.step) : message.step;
                    else
                        object.step = options.longs === $String ? $util.Long.prototype.toString.call(message.step) : options.longs === $Number ? new $util.LongBits(message.step.low >>> 0, message.step.high >>> 0).toNumber(true) : message.step;
                if (message.backend != null && $Object.hasOwnProperty.call(message, "backend"))
                    object.backend = message.backend;
                if (message.sharedMemory != null && $Object.hasOwnProperty.call(message, "sharedMemory"))
                    object.sharedMemory = message.sharedMemory;
                return object;
            };

            /**
             * Converts this Ready to JSON.
             * @function toJSON
             * @memberof acgan.v1.Ready
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Ready.prototype.toJSON = function() {
                return Ready.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Ready;
        })();

        v1.Heartbeat = (function() {

            /**
             * Properties of a Heartbeat.
             * @typedef {Object} acgan.v1.Heartbeat.$Properties
             * @property {number|null} [unixMs] Heartbeat unixMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Heartbeat.
             * @memberof acgan.v1
             * @interface IHeartbeat
             * @augments acgan.v1.Heartbeat.$Properties
             * @deprecated Use acgan.v1.Heartbeat.$Properties instead.
             */

            /**
             * Shape of a Heartbeat.
             * @typedef {acgan.v1.Heartbeat.$Properties} acgan.v1.Heartbeat.$Shape
             */

            /**
             * Constructs a new Heartbeat.
             * @memberof acgan.v1
             * @classdesc Represents a Heartbeat.
             * @constructor
             * @param {acgan.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Heartbeat = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Heartbeat unixMs.
             * @member {number} unixMs
             * @memberof acgan.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.unixMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Heartbeat instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Heartbeat
             * @static
             * @param {acgan.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Heartbeat} Heartbeat instance
             * @type {{
             *   (properties: acgan.v1.Heartbeat.$Shape): acgan.v1.Heartbeat & acgan.v1.Heartbeat.$Shape;
             *   (properties?: acgan.v1.Heartbeat.$Properties): acgan.v1.Heartbeat;
             * }}
             */
            Heartbeat.create = function(properties) {
                return new Heartbeat(properties);
            };

            /**
             * Encodes the specified Heartbeat message. Does not implicitly {@link acgan.v1.Heartbeat.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Heartbeat
             * @static
             * @param {acgan.v1.Heartbeat.$Properties} message Heartbeat message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Heartbeat.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.unixMs != null && $Object.hasOwnProperty.call(message, "unixMs") && (typeof message.unixMs === "object" ? message.unixMs.low || message.unixMs.high : message.unixMs !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.unixMs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Heartbeat message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Heartbeat
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Heartbeat & acgan.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Heartbeat.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Heartbeat();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.unixMs = value;
                            else
                                delete message.unixMs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Heartbeat message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Heartbeat
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Heartbeat} Heartbeat
             */
            Heartbeat.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Heartbeat)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Heartbeat: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Heartbeat();
                if (object.unixMs != null)
                    if (typeof object.unixMs === "object" ? object.unixMs.low || object.unixMs.high : $Number(object.unixMs) !== 0)
                        if ($util.Long)
                            message.unixMs = $util.Long.fromValue(object.unixMs, true);
                        else if (typeof object.unixMs === "string")
                            message.unixMs = $parseInt(object.unixMs, 10);
                        else if (typeof object.unixMs === "number")
                            message.unixMs = object.unixMs;
                        else if (typeof object.unixMs === "object")
                            message.unixMs = new $util.LongBits(object.unixMs.low >>> 0, object.unixMs.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a Heartbeat message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Heartbeat
             * @static
             * @param {acgan.v1.Heartbeat} message Heartbeat
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Heartbeat.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.unixMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.unixMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (message.unixMs != null && $Object.hasOwnProperty.call(message, "unixMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.unixMs = typeof message.unixMs === "number" ? $BigInt(message.unixMs) : $util.Long.fromBits(message.unixMs.low >>> 0, message.unixMs.high >>> 0, true).toBigInt();
                    else if (typeof message.unixMs === "number")
                        object.unixMs = options.longs === $String ? $String(message.unixMs) : message.unixMs;
                    else
                        object.unixMs = options.longs === $String ? $util.Long.prototype.toString.call(message.unixMs) : options.longs === $Number ? new $util.LongBits(message.unixMs.low >>> 0, message.unixMs.high >>> 0).toNumber(true) : message.unixMs;
                return object;
            };

            /**
             * Converts this Heartbeat to JSON.
             * @function toJSON
             * @memberof acgan.v1.Heartbeat
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Heartbeat.prototype.toJSON = function() {
                return Heartbeat.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Heartbeat;
        })();

        v1.Gradient = (function() {

            /**
             * Properties of a Gradient.
             * @typedef {Object} acgan.v1.Gradient.$Properties
             * @property {boolean|null} [hasNonFinite] Gradient hasNonFinite
             * @property {boolean|null} [inSharedMemory] Gradient inSharedMemory
             * @property {number|null} [totalElements] Gradient totalElements
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Gradient.
             * @memberof acgan.v1
             * @interface IGradient
             * @augments acgan.v1.Gradient.$Properties
             * @deprecated Use acgan.v1.Gradient.$Properties instead.
             */

            /**
             * Shape of a Gradient.
             * @typedef {acgan.v1.Gradient.$Properties} acgan.v1.Gradient.$Shape
             */

            /**
             * Constructs a new Gradient.
             * @memberof acgan.v1
             * @classdesc Represents a Gradient.
             * @constructor
             * @param {acgan.v1.Gradient.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Gradient = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Gradient hasNonFinite.
             * @member {boolean} hasNonFinite
             * @memberof acgan.v1.Gradient
             * @instance
             */
            Gradient.prototype.hasNonFinite = false;

            /**
             * Gradient inSharedMemory.
             * @member {boolean} inSharedMemory
             * @memberof acgan.v1.Gradient
             * @instance
             */
            Gradient.prototype.inSharedMemory = false;

            /**
             * Gradient totalElements.
             * @member {number} totalElements
             * @memberof acgan.v1.Gradient
             * @instance
             */
            Gradient.prototype.totalElements = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Gradient instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Gradient
             * @static
             * @param {acgan.v1.Gradient.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Gradient} Gradient instance
             * @type {{
             *   (properties: acgan.v1.Gradient.$Shape): acgan.v1.Gradient & acgan.v1.Gradient.$Shape;
             *   (properties?: acgan.v1.Gradient.$Properties): acgan.v1.Gradient;
             * }}
             */
            Gradient.create = function(properties) {
                return new Gradient(properties);
            };

            /**
             * Encodes the specified Gradient message. Does not implicitly {@link acgan.v1.Gradient.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Gradient
             * @static
             * @param {acgan.v1.Gradient.$Properties} message Gradient message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Gradient.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.hasNonFinite != null && $Object.hasOwnProperty.call(message, "hasNonFinite") && message.hasNonFinite !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.hasNonFinite);
                if (message.inSharedMemory != null && $Object.hasOwnProperty.call(message, "inSharedMemory") && message.inSharedMemory !== false)
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.inSharedMemory);
                if (message.totalElements != null && $Object.hasOwnProperty.call(message, "totalElements") && (typeof message.totalElements === "object" ? message.totalElements.low || message.totalElements.high : message.totalElements !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.totalElements);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Gradient message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Gradient
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Gradient & acgan.v1.Gradient.$Shape} Gradient
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Gradient.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Gradient();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.hasNonFinite = value;
                            else
                                delete message.hasNonFinite;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.inSharedMemory = value;
                            else
                                delete message.inSharedMemory;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.totalElements = value;
                            else
                                delete message.totalElements;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Gradient message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Gradient
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Gradient} Gradient
             */
            Gradient.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Gradient)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Gradient: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Gradient();
                if (object.hasNonFinite != null)
                    if (object.hasNonFinite)
                        message.hasNonFinite = $Boolean(object.hasNonFinite);
                if (object.inSharedMemory != null)
                    if (object.inSharedMemory)
                        message.inSharedMemory = $Boolean(object.inSharedMemory);
                if (object.totalElements != null)
                    if (typeof object.totalElements === "object" ? object.totalElements.low || object.totalElements.high : $Number(object.totalElements) !== 0)
                        if ($util.Long)
                            message.totalElements = $util.Long.fromValue(object.totalElements, true);
                        else if (typeof object.totalElements === "string")
                            message.totalElements = $parseInt(object.totalElements, 10);
                        else if (typeof object.totalElements === "number")
                            message.totalElements = object.totalElements;
                        else if (typeof object.totalElements === "object")
                            message.totalElements = new $util.LongBits(object.totalElements.low >>> 0, object.totalElements.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a Gradient message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Gradient
             * @static
             * @param {acgan.v1.Gradient} message Gradient
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Gradient.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.hasNonFinite = false;
                    object.inSharedMemory = false;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.totalElements = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.totalElements = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.hasNonFinite != null && $Object.hasOwnProperty.call(message, "hasNonFinite"))
                    object.hasNonFinite = message.hasNonFinite;
                if (message.inSharedMemory != null && $Object.hasOwnProperty.call(message, "inSharedMemory"))
                    object.inSharedMemory = message.inSharedMemory;
                if (message.totalElements != null && $Object.hasOwnProperty.call(message, "totalElements"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.totalElements = typeof message.totalElements === "number" ? $BigInt(message.totalElements) : $util.Long.fromBits(message.totalElements.low >>> 0, message.totalElements.high >>> 0, true).toBigInt();
                    else if (typeof message.totalElements === "number")
                        object.totalElements = options.longs === $String ? $String(message.totalElements) : message.totalElements;
                    else
                        object.totalElements = options.longs === $String ? $util.Long.prototype.toString.call(message.totalElements) : options.longs === $Number ? new $util.LongBits(message.totalElements.low >>> 0, message.totalElements.high >>> 0).toNumber(true) : message.totalElements;
                return object;
            };

            /**
             * Converts this Gradient to JSON.
             * @function toJSON
             * @memberof acgan.v1.Gradient
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Gradient.prototype.toJSON = function() {
                return Gradient.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Gradient;
        })();

        v1.Averaged = (function() {

            /**
             * Properties of an Averaged.
             * @typedef {Object} acgan.v1.Averaged.$Properties
             * @property {boolean|null} [skip] Averaged skip
             * @property {boolean|null} [inSharedMemory] Averaged inSharedMemory
             * @property {number|null} [totalElements] Averaged totalElements
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Averaged.
             * @memberof acgan.v1
             * @interface IAveraged
             * @augments acgan.v1.Averaged.$Properties
             * @deprecated Use acgan.v1.Averaged.$Properties instead.
             */

            /**
             * Shape of an Averaged.
             * @typedef {acgan.v1.Averaged.$Properties} acgan.v1.Averaged.$Shape
             */

            /**
             * Constructs a new Averaged.
             * @memberof acgan.v1
             * @classdesc Represents an Averaged.
             * @constructor
             * @param {acgan.v1.Averaged.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Averaged = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Averaged skip.
             * @member {boolean} skip
             * @memberof acgan.v1.Averaged
             * @instance
             */
            Averaged.prototype.skip = false;

            /**
             * Averaged inSharedMemory.
             * @member {boolean} inSharedMemory
             * @memberof acgan.v1.Averaged
             * @instance
             */
            Averaged.prototype.inSharedMemory = false;

            /**
             * Averaged totalElements.
             * @member {number} totalElements
             * @memberof acgan.v1.Averaged
             * @instance
             */
            Averaged.prototype.totalElements = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Averaged instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Averaged
             * @static
             * @param {acgan.v1.Averaged.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Averaged} Averaged instance
             * @type {{
             *   (properties: acgan.v1.Averaged.$Shape): acgan.v1.Averaged & acgan.v1.Averaged.$Shape;
             *   (properties?: acgan.v1.Averaged.$Properties): acgan.v1.Averaged;
             * }}
             */
            Averaged.create = function(properties) {
                return new Averaged(properties);
            };

            /**
             * Encodes the specified Averaged message. Does not implicitly {@link acgan.v1.Averaged.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Averaged
             * @static
             * @param {acgan.v1.Averaged.$Properties} message Averaged message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Averaged.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.skip != null && $Object.hasOwnProperty.call(message, "skip") && message.skip !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.skip);
                if (message.inSharedMemory != null && $Object.hasOwnProperty.call(message, "inSharedMemory") && message.inSharedMemory !== false)
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.inSharedMemory);
                if (message.totalElements != null && $Object.hasOwnProperty.call(message, "totalElements") && (typeof message.totalElements === "object" ? message.totalElements.low || message.totalElements.high : message.totalElements !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.totalElements);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Averaged message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Averaged
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Averaged & acgan.v1.Averaged.$Shape} Averaged
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Averaged.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Averaged();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.skip = value;
                            else
                                delete message.skip;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.inSharedMemory = value;
                            else
                                delete message.inSharedMemory;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.totalElements = value;
                            else
                                delete message.totalElements;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an Averaged message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Averaged
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Averaged} Averaged
             */
            Averaged.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Averaged)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Averaged: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Averaged();
                if (object.skip != null)
                    if (object.skip)
                        message.skip = $Boolean(object.skip);
                if (object.inSharedMemory != null)
                    if (object.inSharedMemory)
                        message.inSharedMemory = $Boolean(object.inSharedMemory);
                if (object.totalElements != null)
                    if (typeof object.totalElements === "object" ? object.totalElements.low || object.totalElements.high : $Number(object.totalElements) !== 0)
                        if ($util.Long)
                            message.totalElements = $util.Long.fromValue(object.totalElements, true);
                        else if (typeof object.totalElements === "string")
                            message.totalElements = $parseInt(object.totalElements, 10);
                        else if (typeof object.totalElements === "number")
                            message.totalElements = object.totalElements;
                        else if (typeof object.totalElements === "object")
                            message.totalElements = new $util.LongBits(object.totalElements.low >>> 0, object.totalElements.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from an Averaged message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Averaged
             * @static
             * @param {acgan.v1.Averaged} message Averaged
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Averaged.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.skip = false;
                    object.inSharedMemory = false;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.totalElements = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.totalElements = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.skip != null && $Object.hasOwnProperty.call(message, "skip"))
                    object.skip = message.skip;
                if (message.inSharedMemory != null && $Object.hasOwnProperty.call(message, "inSharedMemory"))
                    object.inSharedMemory = message.inSharedMemory;
                if (message.totalElements != null && $Object.hasOwnProperty.call(message, "totalElements"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.totalElements = typeof message.totalElements === "number" ? $BigInt(message.totalElements) : $util.Long.fromBits(message.totalElements.low >>> 0, message.totalElements.high >>> 0, true).toBigInt();
                    else if (typeof message.totalElements === "number")
                        object.totalElements = options.longs === $String ? $String(message.totalElements) : message.totalElements;
                    else
                        object.totalElements = options.longs === $String ? $util.Long.prototype.toString.call(message.totalElements) : options.longs === $Number ? new $util.LongBits(message.totalElements.low >>> 0, message.totalElements.high >>> 0).toNumber(true) : message.totalElements;
                return object;
            };

            /**
             * Converts this Averaged to JSON.
             * @function toJSON
             * @memberof acgan.v1.Averaged
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Averaged.prototype.toJSON = function() {
                return Averaged.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Averaged;
        })();

        v1.Checksum = (function() {

            /**
             * Properties of a Checksum.
             * @typedef {Object} acgan.v1.Checksum.$Properties
             * @property {number|null} [step] Checksum step
             * @property {string|null} [value] Checksum value
             * @property {string|null} [algorithm] Checksum algorithm
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Checksum.
             * @memberof acgan.v1
             * @interface IChecksum
             * @augments acgan.v1.Checksum.$Properties
             * @deprecated Use acgan.v1.Checksum.$Properties instead.
             */

            /**
             * Shape of a Checksum.
             * @typedef {acgan.v1.Checksum.$Properties} acgan.v1.Checksum.$Shape
             */

            /**
             * Constructs a new Checksum.
             * @memberof acgan.v1
             * @classdesc Represents a Checksum.
             * @constructor
             * @param {acgan.v1.Checksum.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Checksum = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Checksum step.
             * @member {number} step
             * @memberof acgan.v1.Checksum
             * @instance
             */
            Checksum.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Checksum value.
             * @member {string} value
             * @memberof acgan.v1.Checksum
             * @instance
             */
            Checksum.prototype.value = "";

            /**
             * Checksum algorithm.
             * @member {string} algorithm
             * @memberof acgan.v1.Checksum
             * @instance
             */
            Checksum.prototype.algorithm = "";

            /**
             * Creates a new Checksum instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Checksum
             * @static
             * @param {acgan.v1.Checksum.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Checksum} Checksum instance
             * @type {{
             *   (properties: acgan.v1.Checksum.$Shape): acgan.v1.Checksum & acgan.v1.Checksum.$Shape;
             *   (properties?: acgan.v1.Checksum.$Properties): acgan.v1.Checksum;
             * }}
             */
            Checksum.create = function(properties) {
                return new Checksum(properties);
            };

            /**
             * Encodes the specified Checksum message. Does not implicitly {@link acgan.v1.Checksum.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Checksum
             * @static
             * @param {acgan.v1.Checksum.$Properties} message Checksum message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Checksum.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.step != null && $Object.hasOwnProperty.call(message, "step") && (typeof message.step === "object" ? message.step.low || message.step.high : message.step !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.step);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.value);
                if (message.algorithm != null && $Object.hasOwnProperty.call(message, "algorithm") && message.algorithm !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.algorithm);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Checksum message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Checksum
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Checksum & acgan.v1.Checksum.$Shape} Checksum
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Checksum.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Checksum();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.step = value;
                            else
                                delete message.step;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.value = value;
                            else
                                delete message.value;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.algorithm = value;
                            else
                                delete message.algorithm;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Checksum message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Checksum
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Checksum} Checksum
             */
            Checksum.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Checksum)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Checksum: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Checksum();
                if (object.step != null)
                    if (typeof object.step === "object" ? object.step.low || object.step.high : $Number(object.step) !== 0)
                        if ($util.Long)
                            message.step = $util.Long.fromValue(object.step, true);
                        else if (typeof object.step === "string")
                            message.step = $parseInt(object.step, 10);
                        else if (typeof object.step === "number")
                            message.step = object.step;
                        else if (typeof object.step === "object")
                            message.step = new $util.LongBits(object.step.low >>> 0, object.step.high >>> 0).toNumber(true);
                if (object.value != null)
                    if (typeof object.value !== "string" || object.value.length)
                        message.value = $String(object.value);
                if (object.algorithm != null)
                    if (typeof object.algorithm !== "string" || object.algorithm.length)
                        message.algorithm = $String(object.algorithm);
                return message;
            };

            /**
             * Creates a plain object from a Checksum message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Checksum
             * @static
             * @param {acgan.v1.Checksum} message Checksum
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Checksum.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.step = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.step = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.value = "";
                    object.algorithm = "";
                }
                if (message.step != null && $Object.hasOwnProperty.call(message, "step"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.step = typeof message.step === "number" ? $BigInt(message.step) : $util.Long.fromBits(message.step.low >>> 0, message.step.high >>> 0, true).toBigInt();
                    else if (typeof message.step === "number")
                        object.step = options.longs === $String ? $String(message.step) : message.step;
                    else
                        object.step = options.longs === $String ? $util.Long.prototype.toString.call(message.step) : options.longs === $Number ? new $util.LongBits(message.step.low >>> 0, message.step.high >>> 0).toNumber(true) : message.step;
                if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                    object.value = message.value;
                if (message.algorithm != null && $Object.hasOwnProperty.call(message, "algorithm"))
                    object.algorithm = message.algorithm;
                return object;
            };

            /**
             * Converts this Checksum to JSON.
             * @function toJSON
             * @memberof acgan.v1.Checksum
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Checksum.prototype.toJSON = function() {
                return Checksum.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Checksum;
        })();

        v1.Metrics = (function() {

            /**
             * Properties of a Metrics.
             * @typedef {Object} acgan.v1.Metrics.$Properties
             * @property {number|null} [step] Metrics step
             * @property {Object.<string,number>|null} [values] Metrics values
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Metrics.
             * @memberof acgan.v1
             * @interface IMetrics
             * @augments acgan.v1.Metrics.$Properties
             * @deprecated Use acgan.v1.Metrics.$Properties instead.
             */

            /**
             * Shape of a Metrics.
             * @typedef {acgan.v1.Metrics.$Properties} acgan.v1.Metrics.$Shape
             */

            /**
             * Constructs a new Metrics.
             * @memberof acgan.v1
             * @classdesc Represents a Metrics.
             * @constructor
             * @param {acgan.v1.Metrics.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Metrics = function (properties) {
                this.values = {};
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Metrics step.
             * @member {number} step
             * @memberof acgan.v1.Metrics
             * @instance
             */
            Metrics.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Metrics values.
             * @member {Object.<string,number>} values
             * @memberof acgan.v1.Metrics
             * @instance
             */
            Metrics.prototype.values = $util.emptyObject;

            /**
             * Creates a new Metrics instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Metrics
             * @static
             * @param {acgan.v1.Metrics.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Metrics} Metrics instance
             * @type {{
             *   (properties: acgan.v1.Metrics.$Shape): acgan.v1.Metrics & acgan.v1.Metrics.$Shape;
             *   (properties?: acgan.v1.Metrics.$Properties): acgan.v1.Metrics;
             * }}
             */
            Metrics.create = function(properties) {
                return new Metrics(properties);
            };

            /**
             * Encodes the specified Metrics message. Does not implicitly {@link acgan.v1.Metrics.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Metrics
             * @static
             * @param {acgan.v1.Metrics.$Properties} message Metrics message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Metrics.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.step != null && $Object.hasOwnProperty.call(message, "step") && (typeof message.step === "object" ? message.step.low || message.step.high : message.step !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.step);
                if (message.values != null && $Object.hasOwnProperty.call(message, "values"))
                    for (let keys = $Object.keys(message.values), i = 0; i < keys.length; ++i)
                        writer.uint32(/* id 2, wireType 2 =*/18).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 1 =*/17).double(message.values[keys[i]]).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Metrics message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Metrics
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Metrics & acgan.v1.Metrics.$Shape} Metrics
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Metrics.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, key, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Metrics();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.step = value;
                            else
                                delete message.step;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (message.values === $util.emptyObject)
                                message.values = {};
                            let end2 = reader.size() + reader.pos;
                            if (end2 > reader.len)
                                throw $RangeError("index out of range");
                            reader.len = end2;
                            key = "";
                            value = 0;
                            while (reader.pos < end2) {
                                let tag2 = reader.tag();
                                wireType = tag2 & 7;
                                switch (tag2 >>>= 3) {
                                case 1:
                                    if (wireType !== 2)
                                        break;
                                    key = reader.stringVerify();
                                    continue;
                                case 2:
                                    if (wireType !== 1)
                                        break;
                                    value = reader.double();
                                    continue;
                                }
                                reader.skipType(wireType, _depth, tag2);
                            }
                            if (reader.pos !== end2)
                                throw $RangeError("index out of range");
                            reader.len = end;
                            if (key === "__proto__")
                                $util.makeProp(message.values, key);
                            message.values[key] = value;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Metrics message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Metrics
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Metrics} Metrics
             */
            Metrics.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Metrics)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Metrics: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Metrics();
                if (object.step != null)
                    if (typeof object.step === "object" ? object.step.low || object.step.high : $Number(object.step) !== 0)
                        if ($util.Long)
                            message.step = $util.Long.fromValue(object.step, true);
                        else if (typeof object.step === "string")
                            message.step = $parseInt(object.step, 10);
                        else if (typeof object.step === "number")
                            message.step = object.step;
                        else if (typeof object.step === "object")
                            message.step = new $util.LongBits(object.step.low >>> 0, object.step.high >>> 0).toNumber(true);
                if (object.values) {
                    if (!$util.isObject(object.values))
                        throw $TypeError(".acgan.v1.Metrics.values: object expected");
                    message.values = {};
                    for (let keys = $Object.keys(object.values), i = 0; i < keys.length; ++i) {
                        if (keys[i] === "__proto__")
                            $util.makeProp(message.values, keys[i]);
                        message.values[keys[i]] = $Number(object.values[keys[i]]);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from a Metrics message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Metrics
             * @static
             * @param {acgan.v1.Metrics} message Metrics
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Metrics.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.objects || options.defaults)
                    object.values = {};
                if (options.defaults)
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.step = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.step = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (message.step != null && $Object.hasOwnProperty.call(message, "step"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.step = typeof message.step === "number" ? $BigInt(message.step) : $util.Long.fromBits(message.step.low >>> 0, message.step.high >>> 0, true).toBigInt();
                    else if (typeof message.step === "number")
                        object.step = options.longs === $String ? $String(message.step) : message.step;
                    else
                        object.step = options.longs === $String ? $util.Long.prototype.toString.call(message.step) : options.longs === $Number ? new $util.LongBits(message.step.low >>> 0, message.step.high >>> 0).toNumber(true) : message.step;
                let keys2;
                if (message.values && (keys2 = $Object.keys(message.values)).length) {
                    object.values = {};
                    for (let j = 0; j < keys2.length; ++j) {
                        if (keys2[j] === "__proto__")
                            $util.makeProp(object.values, keys2[j]);
                        object.values[keys2[j]] = options.json && !$isFinite(message.values[keys2[j]]) ? $String(message.values[keys2[j]]) : message.values[keys2[j]];
                    }
                }
                return object;
            };

            /**
             * Converts this Metrics to JSON.
             * @function toJSON
             * @memberof acgan.v1.Metrics
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Metrics.prototype.toJSON = function() {
                return Metrics.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Metrics;
        })();

        v1.Error = (function() {

            /**
             * Properties of an Error.
             * @typedef {Object} acgan.v1.Error.$Properties
             * @property {string|null} [code] Error code
             * @property {string|null} [message] Error message
             * @property {boolean|null} [fatal] Error fatal
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Error.
             * @memberof acgan.v1
             * @interface IError
             * @augments acgan.v1.Error.$Properties
             * @deprecated Use acgan.v1.Error.$Properties instead.
             */

            /**
             * Shape of an Error.
             * @typedef {acgan.v1.Error.$Properties} acgan.v1.Error.$Shape
             */

            /**
             * Constructs a new Error.
             * @memberof acgan.v1
             * @classdesc Represents an Error.
             * @constructor
             * @param {acgan.v1.Error.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Error = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Error code.
             * @member {string} code
             * @memberof acgan.v1.Error
             * @instance
             */
            Error.prototype.code = "";

            /**
             * Error message.
             * @member {string} message
             * @memberof acgan.v1.Error
             * @instance
             */
            Error.prototype.message = "";

            /**
             * Error fatal.
             * @member {boolean} fatal
             * @memberof acgan.v1.Error
             * @instance
             */
            Error.prototype.fatal = false;

            /**
             * Creates a new Error instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Error
             * @static
             * @param {acgan.v1.Error.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Error} Error instance
             * @type {{
             *   (properties: acgan.v1.Error.$Shape): acgan.v1.Error & acgan.v1.Error.$Shape;
             *   (properties?: acgan.v1.Error.$Properties): acgan.v1.Error;
             * }}
             */
            Error.create = function(properties) {
                return new Error(properties);
            };

            /**
             * Encodes the specified Error message. Does not implicitly {@link acgan.v1.Error.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Error
             * @static
             * @param {acgan.v1.Error.$Properties} message Error message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Error.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.code);
                if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
                if (message.fatal != null && $Object.hasOwnProperty.call(message, "fatal") && message.fatal !== false)
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.fatal);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Error
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Error & acgan.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Error.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Error();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.code = value;
                            else
                                delete message.code;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.message = value;
                            else
                                delete message.message;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.fatal = value;
                            else
                                delete message.fatal;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an Error message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Error
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Error} Error
             */
            Error.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Error)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Error: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Error();
                if (object.code != null)
                    if (typeof object.code !== "string" || object.code.length)
                        message.code = $String(object.code);
                if (object.message != null)
                    if (typeof object.message !== "string" || object.message.length)
                        message.message = $String(object.message);
                if (object.fatal != null)
                    if (object.fatal)
                        message.fatal = $Boolean(object.fatal);
                return message;
            };

            /**
             * Creates a plain object from an Error message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Error
             * @static
             * @param {acgan.v1.Error} message Error
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Error.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.code = "";
                    object.message = "";
                    object.fatal = false;
                }
                if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                    object.code = message.code;
                if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                    object.message = message.message;
                if (message.fatal != null && $Object.hasOwnProperty.call(message, "fatal"))
                    object.fatal = message.fatal;
                return object;
            };

            /**
             * Converts this Error to JSON.
             * @function toJSON
             * @memberof acgan.v1.Error
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Error.prototype.toJSON = function() {
                return Error.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Error;
        })();

        v1.Shutdown = (function() {

            /**
             * Properties of a Shutdown.
             * @typedef {Object} acgan.v1.Shutdown.$Properties
             * @property {string|null} [reason] Shutdown reason
             * @property {number|null} [exitCode] Shutdown exitCode
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Shutdown.
             * @memberof acgan.v1
             * @interface IShutdown
             * @augments acgan.v1.Shutdown.$Properties
             * @deprecated Use acgan.v1.Shutdown.$Properties instead.
             */

            /**
             * Shape of a Shutdown.
             * @typedef {acgan.v1.Shutdown.$Properties} acgan.v1.Shutdown.$Shape
             */

            /**
             * Constructs a new Shutdown.
             * @memberof acgan.v1
             * @classdesc Represents a Shutdown.
             * @constructor
             * @param {acgan.v1.Shutdown.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Shutdown = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Shutdown reason.
             * @member {string} reason
             * @memberof acgan.v1.Shutdown
             * @instance
             */
            Shutdown.prototype.reason = "";

            /**
             * Shutdown exitCode.
             * @member {number} exitCode
             * @memberof acgan.v1.Shutdown
             * @instance
             */
            Shutdown.prototype.exitCode = 0;

            /**
             * Creates a new Shutdown instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Shutdown
             * @static
             * @param {acgan.v1.Shutdown.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Shutdown} Shutdown instance
             * @type {{
             *   (properties: acgan.v1.Shutdown.$Shape): acgan.v1.Shutdown & acgan.v1.Shutdown.$Shape;
             *   (properties?: acgan.v1.Shutdown.$Properties): acgan.v1.Shutdown;
             * }}
             */
            Shutdown.create = function(properties) {
                return new Shutdown(properties);
            };

            /**
             * Encodes the specified Shutdown message. Does not implicitly {@link acgan.v1.Shutdown.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Shutdown
             * @static
             * @param {acgan.v1.Shutdown.$Properties} message Shutdown message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Shutdown.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.reason);
                if (message.exitCode != null && $Object.hasOwnProperty.call(message, "exitCode") && message.exitCode !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.exitCode);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Shutdown message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Shutdown
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Shutdown & acgan.v1.Shutdown.$Shape} Shutdown
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Shutdown.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Shutdown();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.exitCode = value;
                            else
                                delete message.exitCode;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Shutdown message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Shutdown
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Shutdown} Shutdown
             */
            Shutdown.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Shutdown)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Shutdown: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Shutdown();
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                if (object.exitCode != null)
                    if ($Number(object.exitCode) !== 0)
                        message.exitCode = object.exitCode | 0;
                return message;
            };

            /**
             * Creates a plain object from a Shutdown message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Shutdown
             * @static
             * @param {acgan.v1.Shutdown} message Shutdown
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Shutdown.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.reason = "";
                    object.exitCode = 0;
                }
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                if (message.exitCode != null && $Object.hasOwnProperty.call(message, "exitCode"))
                    object.exitCode = message.exitCode;
                return object;
            };

            /**
             * Converts this Shutdown to JSON.
             * @function toJSON
             * @memberof acgan.v1.Shutdown
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Shutdown.prototype.toJSON = function() {
                return Shutdown.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Shutdown;
        })();

        v1.Artifact = (function() {

            /**
             * Properties of an Artifact.
             * @typedef {Object} acgan.v1.Artifact.$Properties
             * @property {string|null} [path] Artifact path
             * @property {number|null} [offset] Artifact offset
             * @property {number|null} [totalBytes] Artifact totalBytes
             * @property {boolean|null} [last] Artifact last
             * @property {string|null} [sha256] Artifact sha256
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Artifact.
             * @memberof acgan.v1
             * @interface IArtifact
             * @augments acgan.v1.Artifact.$Properties
             * @deprecated Use acgan.v1.Artifact.$Properties instead.
             */

            /**
             * Shape of an Artifact.
             * @typedef {acgan.v1.Artifact.$Properties} acgan.v1.Artifact.$Shape
             */

            /**
             * Constructs a new Artifact.
             * @memberof acgan.v1
             * @classdesc Represents an Artifact.
             * @constructor
             * @param {acgan.v1.Artifact.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Artifact = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Artifact path.
             * @member {string} path
             * @memberof acgan.v1.Artifact
             * @instance
             */
            Artifact.prototype.path = "";

            /**
             * Artifact offset.
             * @member {number} offset
             * @memberof acgan.v1.Artifact
             * @instance
             */
            Artifact.prototype.offset = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Artifact totalBytes.
             * @member {number} totalBytes
             * @memberof acgan.v1.Artifact
             * @instance
             */
            Artifact.prototype.totalBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Artifact last.
             * @member {boolean} last
             * @memberof acgan.v1.Artifact
             * @instance
             */
            Artifact.prototype.last = false;

            /**
             * Artifact sha256.
             * @member {string} sha256
             * @memberof acgan.v1.Artifact
             * @instance
             */
            Artifact.prototype.sha256 = "";

            /**
             * Creates a new Artifact instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Artifact
             * @static
             * @param {acgan.v1.Artifact.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Artifact} Artifact instance
             * @type {{
             *   (properties: acgan.v1.Artifact.$Shape): acgan.v1.Artifact & acgan.v1.Artifact.$Shape;
             *   (properties?: acgan.v1.Artifact.$Properties): acgan.v1.Artifact;
             * }}
             */
            Artifact.create = function(properties) {
                return new Artifact(properties);
            };

            /**
             * Encodes the specified Artifact message. Does not implicitly {@link acgan.v1.Artifact.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Artifact
             * @static
             * @param {acgan.v1.Artifact.$Properties} message Artifact message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Artifact.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.path != null && $Object.hasOwnProperty.call(message, "path") && message.path !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.path);
                if (message.offset != null && $Object.hasOwnProperty.call(message, "offset") && (typeof message.offset === "object" ? message.offset.low || message.offset.high : message.offset !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.offset);
                if (message.totalBytes != null && $Object.hasOwnProperty.call(message, "totalBytes") && (typeof message.totalBytes === "object" ? message.totalBytes.low || message.totalBytes.high : message.totalBytes !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.totalBytes);
                if (message.last != null && $Object.hasOwnProperty.call(message, "last") && message.last !== false)
                    writer.uint32(/* id 4, wireType 0 =*/32).bool(message.last);
                if (message.sha256 != null && $Object.hasOwnProperty.call(message, "sha256") && message.sha256 !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.sha256);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Artifact message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Artifact
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Artifact & acgan.v1.Artifact.$Shape} Artifact
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Artifact.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Artifact();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.path = value;
                            else
                                delete message.path;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.offset = value;
                            else
                                delete message.offset;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.totalBytes = value;
                            else
                                delete message.totalBytes;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.last = value;
                            else
                                delete message.last;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.sha256 = value;
                            else
                                delete message.sha256;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an Artifact message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Artifact
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Artifact} Artifact
             */
            Artifact.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Artifact)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Artifact: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Artifact();
                if (object.path != null)
                    if (typeof object.path !== "string" || object.path.length)
                        message.path = $String(object.path);
                if (object.offset != null)
                    if (typeof object.offset === "object" ? object.offset.low || object.offset.high : $Number(object.offset) !== 0)
                        if ($util.Long)
                            message.offset = $util.Long.fromValue(object.offset, true);
                        else if (typeof object.offset === "string")
                            message.offset = $parseInt(object.offset, 10);
                        else if (typeof object.offset === "number")
                            message.offset = object.offset;
                        else if (typeof object.offset === "object")
                            message.offset = new $util.LongBits(object.offset.low >>> 0, object.offset.high >>> 0).toNumber(true);
                if (object.totalBytes != null)
                    if (typeof object.totalBytes === "object" ? object.totalBytes.low || object.totalBytes.high : $Number(object.totalBytes) !== 0)
                        if ($util.Long)
                            message.totalBytes = $util.Long.fromValue(object.totalBytes, true);
                        else if (typeof object.totalBytes === "string")
                            message.totalBytes = $parseInt(object.totalBytes, 10);
                        else if (typeof object.totalBytes === "number")
                            message.totalBytes = object.totalBytes;
                        else if (typeof object.totalBytes === "object")
                            message.totalBytes = new $util.LongBits(object.totalBytes.low >>> 0, object.totalBytes.high >>> 0).toNumber(true);
                if (object.last != null)
                    if (object.last)
                        message.last = $Boolean(object.last);
                if (object.sha256 != null)
                    if (typeof object.sha256 !== "string" || object.sha256.length)
                        message.sha256 = $String(object.sha256);
                return message;
            };

            /**
             * Creates a plain object from an Artifact message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Artifact
             * @static
             * @param {acgan.v1.Artifact} message Artifact
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Artifact.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.path = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.offset = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.offset = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.totalBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.totalBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.last = false;
                    object.sha256 = "";
                }
                if (message.path != null && $Object.hasOwnProperty.call(message, "path"))
                    object.path = message.path;
                if (message.offset != null && $Object.hasOwnProperty.call(message, "offset"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.offset = typeof message.offset === "number" ? $BigInt(message.offset) : $util.Long.fromBits(message.offset.low >>> 0, message.offset.high >>> 0, true).toBigInt();
                    else if (typeof message.offset === "number")
                        object.offset = options.longs === $String ? $String(message.offset) : message.offset;
                    else
                        object.offset = options.longs === $String ? $util.Long.prototype.toString.call(message.offset) : options.longs === $Number ? new $util.LongBits(message.offset.low >>> 0, message.offset.high >>> 0).toNumber(true) : message.offset;
                if (message.totalBytes != null && $Object.hasOwnProperty.call(message, "totalBytes"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.totalBytes = typeof message.totalBytes === "number" ? $BigInt(message.totalBytes) : $util.Long.fromBits(message.totalBytes.low >>> 0, message.totalBytes.high >>> 0, true).toBigInt();
                    else if (typeof message.totalBytes === "number")
                        object.totalBytes = options.longs === $String ? $String(message.totalBytes) : message.totalBytes;
                    else
                        object.totalBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.totalBytes) : options.longs === $Number ? new $util.LongBits(message.totalBytes.low >>> 0, message.totalBytes.high >>> 0).toNumber(true) : message.totalBytes;
                if (message.last != null && $Object.hasOwnProperty.call(message, "last"))
                    object.last = message.last;
                if (message.sha256 != null && $Object.hasOwnProperty.call(message, "sha256"))
                    object.sha256 = message.sha256;
                return object;
            };

            /**
             * Converts this Artifact to JSON.
             * @function toJSON
             * @memberof acgan.v1.Artifact
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Artifact.prototype.toJSON = function() {
                return Artifact.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Artifact;
        })();

        v1.Envelope = (function() {

            /**
             * Properties of an Envelope.
             * @typedef {Object} acgan.v1.Envelope.$Properties
             * @property {number|null} [version] Envelope version
             * @property {acgan.v1.MessageType|null} [type] Envelope type
             * @property {number|null} [senderRank] Envelope senderRank
             * @property {number|null} [step] Envelope step
             * @property {acgan.v1.Phase|null} [phase] Envelope phase
             * @property {number|null} [bucket] Envelope bucket
             * @property {number|null} [bucketCount] Envelope bucketCount
             * @property {string|null} [session] Envelope session
             * @property {Array.<acgan.v1.ChunkDescriptor.$Properties>|null} [chunks] Envelope chunks
             * @property {acgan.v1.Register.$Properties|null} [register] Envelope register
             * @property {acgan.v1.Assign.$Properties|null} [assign] Envelope assign
             * @property {acgan.v1.State.$Properties|null} [state] Envelope state
             * @property {acgan.v1.StateRequest.$Properties|null} [stateRequest] Envelope stateRequest
             * @property {acgan.v1.Ready.$Properties|null} [ready] Envelope ready
             * @property {acgan.v1.Heartbeat.$Properties|null} [heartbeat] Envelope heartbeat
             * @property {acgan.v1.Gradient.$Properties|null} [gradient] Envelope gradient
             * @property {acgan.v1.Averaged.$Properties|null} [averaged] Envelope averaged
             * @property {acgan.v1.Checksum.$Properties|null} [checksum] Envelope checksum
             * @property {acgan.v1.Metrics.$Properties|null} [metrics] Envelope metrics
             * @property {acgan.v1.Error.$Properties|null} [error] Envelope error
             * @property {acgan.v1.Shutdown.$Properties|null} [shutdown] Envelope shutdown
             * @property {acgan.v1.Artifact.$Properties|null} [artifact] Envelope artifact
             * @property {"register"|"assign"|"state"|"stateRequest"|"ready"|"heartbeat"|"gradient"|"averaged"|"checksum"|"metrics"|"error"|"shutdown"|"artifact"} [body] Envelope body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Envelope.
             * @memberof acgan.v1
             * @interface IEnvelope
             * @augments acgan.v1.Envelope.$Properties
             * @deprecated Use acgan.v1.Envelope.$Properties instead.
             */

            /**
             * Narrowed shape of an Envelope.
             * @typedef {{
             *   version?: number|null;
             *   type?: acgan.v1.MessageType|null;
             *   senderRank?: number|null;
             *   step?: number|null;
             *   phase?: acgan.v1.Phase|null;
             *   bucket?: number|null;
             *   bucketCount?: number|null;
             *   session?: string|null;
             *   chunks?: Array.<acgan.v1.ChunkDescriptor.$Shape>|null;
             *   register?: acgan.v1.Register.$Shape|null;
             *   assign?: acgan.v1.Assign.$Shape|null;
             *   state?: acgan.v1.State.$Shape|null;
             *   stateRequest?: acgan.v1.StateRequest.$Shape|null;
             *   ready?: acgan.v1.Ready.$Shape|null;
             *   heartbeat?: acgan.v1.Heartbeat.$Shape|null;
             *   gradient?: acgan.v1.Gradient.$Shape|null;
             *   averaged?: acgan.v1.Averaged.$Shape|null;
             *   checksum?: acgan.v1.Checksum.$Shape|null;
             *   metrics?: acgan.v1.Metrics.$Shape|null;
             *   error?: acgan.v1.Error.$Shape|null;
             *   shutdown?: acgan.v1.Shutdown.$Shape|null;
             *   artifact?: acgan.v1.Artifact.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "register"; register: acgan.v1.Register.$Shape; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "assign"; register?: null; assign: acgan.v1.Assign.$Shape; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "state"; register?: null; assign?: null; state: acgan.v1.State.$Shape; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "stateRequest"; register?: null; assign?: null; state?: null; stateRequest: acgan.v1.StateRequest.$Shape; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "ready"; register?: null; assign?: null; state?: null; stateRequest?: null; ready: acgan.v1.Ready.$Shape; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "heartbeat"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat: acgan.v1.Heartbeat.$Shape; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "gradient"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient: acgan.v1.Gradient.$Shape; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "averaged"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged: acgan.v1.Averaged.$Shape; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "checksum"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum: acgan.v1.Checksum.$Shape; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "metrics"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics: acgan.v1.Metrics.$Shape; error?: null; shutdown?: null; artifact?: null }|{ body?: "error"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error: acgan.v1.Error.$Shape; shutdown?: null; artifact?: null }|{ body?: "shutdown"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown: acgan.v1.Shutdown.$Shape; artifact?: null }|{ body?: "artifact"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact: acgan.v1.Artifact.$Shape })
             * )} acgan.v1.Envelope.$Shape
             */

            /**
             * Constructs a new Envelope.
             * @memberof acgan.v1
             * @classdesc Represents an Envelope.
             * @constructor
             * @param {acgan.v1.Envelope.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Envelope = function (properties) {
                this.chunks = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Envelope version.
             * @member {number} version
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.version = 0;

            /**
             * Envelope type.
             * @member {acgan.v1.MessageType} type
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.type = 0;

            /**
             * Envelope senderRank.
             * @member {number} senderRank
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.senderRank = 0;

            /**
             * Envelope step.
             * @member {number} step
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.step = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Envelope phase.
             * @member {acgan.v1.Phase} phase
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.phase = 0;

            /**
             * Envelope bucket.
             * @member {number} bucket
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.bucket = 0;

            /**
             * Envelope bucketCount.
             * @member {number} bucketCount
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.bucketCount = 0;

            /**
             * Envelope session.
             * @member {string} session
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.session = "";

            /**
             * Envelope chunks.
             * @member {Array.<acgan.v1.ChunkDescriptor.$Properties>} chunks
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.chunks = $util.emptyArray;

            /**
             * Envelope register.
             * @member {acgan.v1.Register.$Properties|null|undefined} register
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.register = null;

            /**
             * Envelope assign.
             * @member {acgan.v1.Assign.$Properties|null|undefined} assign
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.assign = null;

            /**
             * Envelope state.
             * @member {acgan.v1.State.$Properties|null|undefined} state
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.state = null;

            /**
             * Envelope stateRequest.
             * @member {acgan.v1.StateRequest.$Properties|null|undefined} stateRequest
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.stateRequest = null;

            /**
             * Envelope ready.
             * @member {acgan.v1.Ready.$Properties|null|undefined} ready
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.ready = null;

            /**
             * Envelope heartbeat.
             * @member {acgan.v1.Heartbeat.$Properties|null|undefined} heartbeat
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.heartbeat = null;

            /**
             * Envelope gradient.
             * @member {acgan.v1.Gradient.$Properties|null|undefined} gradient
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.gradient = null;

            /**
             * Envelope averaged.
             * @member {acgan.v1.Averaged.$Properties|null|undefined} averaged
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.averaged = null;

            /**
             * Envelope checksum.
             * @member {acgan.v1.Checksum.$Properties|null|undefined} checksum
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.checksum = null;

            /**
             * Envelope metrics.
             * @member {acgan.v1.Metrics.$Properties|null|undefined} metrics
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.metrics = null;

            /**
             * Envelope error.
             * @member {acgan.v1.Error.$Properties|null|undefined} error
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.error = null;

            /**
             * Envelope shutdown.
             * @member {acgan.v1.Shutdown.$Properties|null|undefined} shutdown
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.shutdown = null;

            /**
             * Envelope artifact.
             * @member {acgan.v1.Artifact.$Properties|null|undefined} artifact
             * @memberof acgan.v1.Envelope
             * @instance
             */
            Envelope.prototype.artifact = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Envelope body.
             * @member {"register"|"assign"|"state"|"stateRequest"|"ready"|"heartbeat"|"gradient"|"averaged"|"checksum"|"metrics"|"error"|"shutdown"|"artifact"|undefined} body
             * @memberof acgan.v1.Envelope
             * @instance
             */
            $Object.defineProperty(Envelope.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["register", "assign", "state", "stateRequest", "ready", "heartbeat", "gradient", "averaged", "checksum", "metrics", "error", "shutdown", "artifact"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Envelope instance using the specified properties.
             * @function create
             * @memberof acgan.v1.Envelope
             * @static
             * @param {acgan.v1.Envelope.$Properties=} [properties] Properties to set
             * @returns {acgan.v1.Envelope} Envelope instance
             * @type {{
             *   (properties: acgan.v1.Envelope.$Shape): acgan.v1.Envelope & acgan.v1.Envelope.$Shape;
             *   (properties?: acgan.v1.Envelope.$Properties): acgan.v1.Envelope;
             * }}
             */
            Envelope.create = function(properties) {
                return new Envelope(properties);
            };

            /**
             * Encodes the specified Envelope message. Does not implicitly {@link acgan.v1.Envelope.verify|verify} messages.
             * @function encode
             * @memberof acgan.v1.Envelope
             * @static
             * @param {acgan.v1.Envelope.$Properties} message Envelope message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Envelope.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.type);
                if (message.senderRank != null && $Object.hasOwnProperty.call(message, "senderRank") && message.senderRank !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.senderRank);
                if (message.step != null && $Object.hasOwnProperty.call(message, "step") && (typeof message.step === "object" ? message.step.low || message.step.high : message.step !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.step);
                if (message.phase != null && $Object.hasOwnProperty.call(message, "phase") && message.phase !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).int32(message.phase);
                if (message.bucket != null && $Object.hasOwnProperty.call(message, "bucket") && message.bucket !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.bucket);
                if (message.bucketCount != null && $Object.hasOwnProperty.call(message, "bucketCount") && message.bucketCount !== 0)
                    writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.bucketCount);
                if (message.session != null && $Object.hasOwnProperty.call(message, "session") && message.session !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.session);
                if (message.chunks != null && message.chunks.length)
                    for (let i = 0; i < message.chunks.length; ++i)
                        $root.acgan.v1.ChunkDescriptor.encode(message.chunks[i], writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                if (message.register != null && $Object.hasOwnProperty.call(message, "register"))
                    $root.acgan.v1.Register.encode(message.register, writer.uint32(/* id 20, wireType 2 =*/162).fork(), _depth + 1).ldelim();
                if (message.assign != null && $Object.hasOwnProperty.call(message, "assign"))
                    $root.acgan.v1.Assign.encode(message.assign, writer.uint32(/* id 21, wireType 2 =*/170).fork(), _depth + 1).ldelim();
                if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                    $root.acgan.v1.State.encode(message.state, writer.uint32(/* id 22, wireType 2 =*/178).fork(), _depth + 1).ldelim();
                if (message.stateRequest != null && $Object.hasOwnProperty.call(message, "stateRequest"))
                    $root.acgan.v1.StateRequest.encode(message.stateRequest, writer.uint32(/* id 23, wireType 2 =*/186).fork(), _depth + 1).ldelim();
                if (message.ready != null && $Object.hasOwnProperty.call(message, "ready"))
                    $root.acgan.v1.Ready.encode(message.ready, writer.uint32(/* id 24, wireType 2 =*/194).fork(), _depth + 1).ldelim();
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.acgan.v1.Heartbeat.encode(message.heartbeat, writer.uint32(/* id 25, wireType 2 =*/202).fork(), _depth + 1).ldelim();
                if (message.gradient != null && $Object.hasOwnProperty.call(message, "gradient"))
                    $root.acgan.v1.Gradient.encode(message.gradient, writer.uint32(/* id 26, wireType 2 =*/210).fork(), _depth + 1).ldelim();
                if (message.averaged != null && $Object.hasOwnProperty.call(message, "averaged"))
                    $root.acgan.v1.Averaged.encode(message.averaged, writer.uint32(/* id 27, wireType 2 =*/218).fork(), _depth + 1).ldelim();
                if (message.checksum != null && $Object.hasOwnProperty.call(message, "checksum"))
                    $root.acgan.v1.Checksum.encode(message.checksum, writer.uint32(/* id 28, wireType 2 =*/226).fork(), _depth + 1).ldelim();
                if (message.metrics != null && $Object.hasOwnProperty.call(message, "metrics"))
                    $root.acgan.v1.Metrics.encode(message.metrics, writer.uint32(/* id 29, wireType 2 =*/234).fork(), _depth + 1).ldelim();
                if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                    $root.acgan.v1.Error.encode(message.error, writer.uint32(/* id 30, wireType 2 =*/242).fork(), _depth + 1).ldelim();
                if (message.shutdown != null && $Object.hasOwnProperty.call(message, "shutdown"))
                    $root.acgan.v1.Shutdown.encode(message.shutdown, writer.uint32(/* id 31, wireType 2 =*/250).fork(), _depth + 1).ldelim();
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact"))
                    $root.acgan.v1.Artifact.encode(message.artifact, writer.uint32(/* id 32, wireType 2 =*/258).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Envelope message from the specified reader or buffer.
             * @function decode
             * @memberof acgan.v1.Envelope
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {acgan.v1.Envelope & acgan.v1.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Envelope.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.acgan.v1.Envelope();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.type = value;
                            else
                                delete message.type;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.senderRank = value;
                            else
                                delete message.senderRank;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.step = value;
                            else
                                delete message.step;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.phase = value;
                            else
                                delete message.phase;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.bucket = value;
                            else
                                delete message.bucket;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.bucketCount = value;
                            else
                                delete message.bucketCount;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.session = value;
                            else
                                delete message.session;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if (!(message.chunks && message.chunks.length))
                                message.chunks = [];
                            message.chunks.push($root.acgan.v1.ChunkDescriptor.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 20: {
                            if (wireType !== 2)
                                break;
                            message.register = $root.acgan.v1.Register.decode(reader, reader.size(), $undefined, _depth + 1, message.register);
                            message.body = "register";
                            continue;
                        }
                    case 21: {
                            if (wireType !== 2)
                                break;
                            message.assign = $root.acgan.v1.Assign.decode(reader, reader.size(), $undefined, _depth + 1, message.assign);
                            message.body = "assign";
                            continue;
                        }
                    case 22: {
                            if (wireType !== 2)
                                break;
                            message.state = $root.acgan.v1.State.decode(reader, reader.size(), $undefined, _depth + 1, message.state);
                            message.body = "state";
                            continue;
                        }
                    case 23: {
                            if (wireType !== 2)
                                break;
                            message.stateRequest = $root.acgan.v1.StateRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.stateRequest);
                            message.body = "stateRequest";
                            continue;
                        }
                    case 24: {
                            if (wireType !== 2)
                                break;
                            message.ready = $root.acgan.v1.Ready.decode(reader, reader.size(), $undefined, _depth + 1, message.ready);
                            message.body = "ready";
                            continue;
                        }
                    case 25: {
                            if (wireType !== 2)
                                break;
                            message.heartbeat = $root.acgan.v1.Heartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
                            message.body = "heartbeat";
                            continue;
                        }
                    case 26: {
                            if (wireType !== 2)
                                break;
                            message.gradient = $root.acgan.v1.Gradient.decode(reader, reader.size(), $undefined, _depth + 1, message.gradient);
                            message.body = "gradient";
                            continue;
                        }
                    case 27: {
                            if (wireType !== 2)
                                break;
                            message.averaged = $root.acgan.v1.Averaged.decode(reader, reader.size(), $undefined, _depth + 1, message.averaged);
                            message.body = "averaged";
                            continue;
                        }
                    case 28: {
                            if (wireType !== 2)
                                break;
                            message.checksum = $root.acgan.v1.Checksum.decode(reader, reader.size(), $undefined, _depth + 1, message.checksum);
                            message.body = "checksum";
                            continue;
                        }
                    case 29: {
                            if (wireType !== 2)
                                break;
                            message.metrics = $root.acgan.v1.Metrics.decode(reader, reader.size(), $undefined, _depth + 1, message.metrics);
                            message.body = "metrics";
                            continue;
                        }
                    case 30: {
                            if (wireType !== 2)
                                break;
                            message.error = $root.acgan.v1.Error.decode(reader, reader.size(), $undefined, _depth + 1, message.error);
                            message.body = "error";
                            continue;
                        }
                    case 31: {
                            if (wireType !== 2)
                                break;
                            message.shutdown = $root.acgan.v1.Shutdown.decode(reader, reader.size(), $undefined, _depth + 1, message.shutdown);
                            message.body = "shutdown";
                            continue;
                        }
                    case 32: {
                            if (wireType !== 2)
                                break;
                            message.artifact = $root.acgan.v1.Artifact.decode(reader, reader.size(), $undefined, _depth + 1, message.artifact);
                            message.body = "artifact";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an Envelope message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof acgan.v1.Envelope
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {acgan.v1.Envelope} Envelope
             */
            Envelope.fromObject = function (object, _depth) {
                if (object instanceof $root.acgan.v1.Envelope)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".acgan.v1.Envelope: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.acgan.v1.Envelope();
                if (object.version != null)
                    if ($Number(object.version) !== 0)
                        message.version = object.version >>> 0;
                if (object.type !== 0 && (typeof object.type !== "string" || $root.acgan.v1.MessageType[object.type] !== 0))
                    switch (object.type) {
                    case "MESSAGE_TYPE_UNSPECIFIED":
                    case 0:
                        message.type = 0;
                        break;
                    case "REGISTER":
                    case 1:
                        message.type = 1;
                        break;
                    case "ASSIGN":
                    case 2:
                        message.type = 2;
                        break;
                    case "STATE":
                    case 3:
                        message.type = 3;
                        break;
                    case "STATE_REQUEST":
                    case 4:
                        message.type = 4;
                        break;
                    case "READY":
                    case 5:
                        message.type = 5;
                        break;
                    case "HEARTBEAT":
                    case 6:
                        message.type = 6;
                        break;
                    case "GRADIENT":
                    case 7:
                        message.type = 7;
                        break;
                    case "AVERAGED":
                    case 8:
                        message.type = 8;
                        break;
                    case "CHECKSUM":
                    case 9:
                        message.type = 9;
                        break;
                    case "METRICS":
                    case 10:
                        message.type = 10;
                        break;
                    case "ERROR":
                    case 11:
                        message.type = 11;
                        break;
                    case "SHUTDOWN":
                    case 12:
                        message.type = 12;
                        break;
                    case "ARTIFACT":
                    case 13:
                        message.type = 13;
                        break;
                    default:
                        if (typeof object.type === "number" && (object.type | 0) === object.type)
                            message.type = object.type;
                    }
                if (object.senderRank != null)
                    if ($Number(object.senderRank) !== 0)
                        message.senderRank = object.senderRank | 0;
                if (object.step != null)
                    if (typeof object.step === "object" ? object.step.low || object.step.high : $Number(object.step) !== 0)
                        if ($util.Long)
                            message.step = $util.Long.fromValue(object.step, true);
                        else if (typeof object.step === "string")
                            message.step = $parseInt(object.step, 10);
                        else if (typeof object.step === "number")
                            message.step = object.step;
                        else if (typeof object.step === "object")
                            message.step = new $util.LongBits(object.step.low >>> 0, object.step.high >>> 0).toNumber(true);
                if (object.phase !== 0 && (typeof object.phase !== "string" || $root.acgan.v1.Phase[object.phase] !== 0))
                    switch (object.phase) {
                    case "PHASE_UNSPECIFIED":
                    case 0:
                        message.phase = 0;
                        break;
                    case "PHASE_D":
                    case 1:
                        message.phase = 1;
                        break;
                    case "PHASE_G":
                    case 2:
                        message.phase = 2;
                        break;
                    default:
                        if (typeof object.phase === "number" && (object.phase | 0) === object.phase)
                            message.phase = object.phase;
                    }
                if (object.bucket != null)
                    if ($Number(object.bucket) !== 0)
                        message.bucket = object.bucket >>> 0;
                if (object.bucketCount != null)
                    if ($Number(object.bucketCount) !== 0)
                        message.bucketCount = object.bucketCount >>> 0;
                if (object.session != null)
                    if (typeof object.session !== "string" || object.session.length)
                        message.session = $String(object.session);
                if (object.chunks) {
                    if (!$Array.isArray(object.chunks))
                        throw $TypeError(".acgan.v1.Envelope.chunks: array expected");
                    message.chunks = $Array(object.chunks.length);
                    for (let i = 0; i < object.chunks.length; ++i) {
                        if (!$util.isObject(object.chunks[i]))
                            throw $TypeError(".acgan.v1.Envelope.chunks: object expected");
                        message.chunks[i] = $root.acgan.v1.ChunkDescriptor.fromObject(object.chunks[i], _depth + 1);
                    }
                }
                if (object.register != null) {
                    if (!$util.isObject(object.register))
                        throw $TypeError(".acgan.v1.Envelope.register: object expected");
                    message.register = $root.acgan.v1.Register.fromObject(object.register, _depth + 1);
                }
                if (object.assign != null) {
                    if (!$util.isObject(object.assign))
                        throw $TypeError(".acgan.v1.Envelope.assign: object expected");
                    message.assign = $root.acgan.v1.Assign.fromObject(object.assign, _depth + 1);
                }
                if (object.state != null) {
                    if (!$util.isObject(object.state))
                        throw $TypeError(".acgan.v1.Envelope.state: object expected");
                    message.state = $root.acgan.v1.State.fromObject(object.state, _depth + 1);
                }
                if (object.stateRequest != null) {
                    if (!$util.isObject(object.stateRequest))
                        throw $TypeError(".acgan.v1.Envelope.stateRequest: object expected");
                    message.stateRequest = $root.acgan.v1.StateRequest.fromObject(object.stateRequest, _depth + 1);
                }
                if (object.ready != null) {
                    if (!$util.isObject(object.ready))
                        throw $TypeError(".acgan.v1.Envelope.ready: object expected");
                    message.ready = $root.acgan.v1.Ready.fromObject(object.ready, _depth + 1);
                }
                if (object.heartbeat != null) {
                    if (!$util.isObject(object.heartbeat))
                        throw $TypeError(".acgan.v1.Envelope.heartbeat: object expected");
                    message.heartbeat = $root.acgan.v1.Heartbeat.fromObject(object.heartbeat, _depth + 1);
                }
                if (object.gradient != null) {
                    if (!$util.isObject(object.gradient))
                        throw $TypeError(".acgan.v1.Envelope.gradient: object expected");
                    message.gradient = $root.acgan.v1.Gradient.fromObject(object.gradient, _depth + 1);
                }
                if (object.averaged != null) {
                    if (!$util.isObject(object.averaged))
                        throw $TypeError(".acgan.v1.Envelope.averaged: object expected");
                    message.averaged = $root.acgan.v1.Averaged.fromObject(object.averaged, _depth + 1);
                }
                if (object.checksum != null) {
                    if (!$util.isObject(object.checksum))
                        throw $TypeError(".acgan.v1.Envelope.checksum: object expected");
                    message.checksum = $root.acgan.v1.Checksum.fromObject(object.checksum, _depth + 1);
                }
                if (object.metrics != null) {
                    if (!$util.isObject(object.metrics))
                        throw $TypeError(".acgan.v1.Envelope.metrics: object expected");
                    message.metrics = $root.acgan.v1.Metrics.fromObject(object.metrics, _depth + 1);
                }
                if (object.error != null) {
                    if (!$util.isObject(object.error))
                        throw $TypeError(".acgan.v1.Envelope.error: object expected");
                    message.error = $root.acgan.v1.Error.fromObject(object.error, _depth + 1);
                }
                if (object.shutdown != null) {
                    if (!$util.isObject(object.shutdown))
                        throw $TypeError(".acgan.v1.Envelope.shutdown: object expected");
                    message.shutdown = $root.acgan.v1.Shutdown.fromObject(object.shutdown, _depth + 1);
                }
                if (object.artifact != null) {
                    if (!$util.isObject(object.artifact))
                        throw $TypeError(".acgan.v1.Envelope.artifact: object expected");
                    message.artifact = $root.acgan.v1.Artifact.fromObject(object.artifact, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from an Envelope message. Also converts values to other types if specified.
             * @function toObject
             * @memberof acgan.v1.Envelope
             * @static
             * @param {acgan.v1.Envelope} message Envelope
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Envelope.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.chunks = [];
                if (options.defaults) {
                    object.version = 0;
                    object.type = options.enums === $String ? "MESSAGE_TYPE_UNSPECIFIED" : 0;
                    object.senderRank = 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.step = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.step = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.phase = options.enums === $String ? "PHASE_UNSPECIFIED" : 0;
                    object.bucket = 0;
                    object.bucketCount = 0;
                    object.session = "";
                }
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    object.version = message.version;
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    object.type = options.enums === $String ? $root.acgan.v1.MessageType[message.type] === $undefined ? message.type : $root.acgan.v1.MessageType[message.type] : message.type;
                if (message.senderRank != null && $Object.hasOwnProperty.call(message, "senderRank"))
                    object.senderRank = message.senderRank;
                if (message.step != null && $Object.hasOwnProperty.call(message, "step"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.step = typeof message.step === "number" ? $BigInt(message.step) : $util.Long.fromBits(message.step.low >>> 0, message.step.high >>> 0, true).toBigInt();
                    else if (typeof message.step === "number")
                        object.step = options.longs === $String ? $String(message.step) : message.step;
                    else
                        object.step = options.longs === $String ? $util.Long.prototype.toString.call(message.step) : options.longs === $Number ? new $util.LongBits(message.step.low >>> 0, message.step.high >>> 0).toNumber(true) : message.step;
                if (message.phase != null && $Object.hasOwnProperty.call(message, "phase"))
                    object.phase = options.enums === $String ? $root.acgan.v1.Phase[message.phase] === $undefined ? message.phase : $root.acgan.v1.Phase[message.phase] : message.phase;
                if (message.bucket != null && $Object.hasOwnProperty.call(message, "bucket"))
                    object.bucket = message.bucket;
                if (message.bucketCount != null && $Object.hasOwnProperty.call(message, "bucketCount"))
                    object.bucketCount = message.bucketCount;
                if (message.session != null && $Object.hasOwnProperty.call(message, "session"))
                    object.session = message.session;
                if (message.chunks && message.chunks.length) {
                    object.chunks = $Array(message.chunks.length);
                    for (let j = 0; j < message.chunks.length; ++j)
                        object.chunks[j] = $root.acgan.v1.ChunkDescriptor.toObject(message.chunks[j], options, _depth + 1);
                }
                if (message.register != null && $Object.hasOwnProperty.call(message, "register")) {
                    object.register = $root.acgan.v1.Register.toObject(message.register, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "register";
                }
                if (message.assign != null && $Object.hasOwnProperty.call(message, "assign")) {
                    object.assign = $root.acgan.v1.Assign.toObject(message.assign, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "assign";
                }
                if (message.state != null && $Object.hasOwnProperty.call(message, "state")) {
                    object.state = $root.acgan.v1.State.toObject(message.state, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "state";
                }
                if (message.stateRequest != null && $Object.hasOwnProperty.call(message, "stateRequest")) {
                    object.stateRequest = $root.acgan.v1.StateRequest.toObject(message.stateRequest, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "stateRequest";
                }
                if (message.ready != null && $Object.hasOwnProperty.call(message, "ready")) {
                    object.ready = $root.acgan.v1.Ready.toObject(message.ready, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "ready";
                }
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat")) {
                    object.heartbeat = $root.acgan.v1.Heartbeat.toObject(message.heartbeat, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "heartbeat";
                }
                if (message.gradient != null && $Object.hasOwnProperty.call(message, "gradient")) {
                    object.gradient = $root.acgan.v1.Gradient.toObject(message.gradient, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "gradient";
                }
                if (message.averaged != null && $Object.hasOwnProperty.call(message, "averaged")) {
                    object.averaged = $root.acgan.v1.Averaged.toObject(message.averaged, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "averaged";
                }
                if (message.checksum != null && $Object.hasOwnProperty.call(message, "checksum")) {
                    object.checksum = $root.acgan.v1.Checksum.toObject(message.checksum, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "checksum";
                }
                if (message.metrics != null && $Object.hasOwnProperty.call(message, "metrics")) {
                    object.metrics = $root.acgan.v1.Metrics.toObject(message.metrics, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "metrics";
                }
                if (message.error != null && $Object.hasOwnProperty.call(message, "error")) {
                    object.error = $root.acgan.v1.Error.toObject(message.error, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "error";
                }
                if (message.shutdown != null && $Object.hasOwnProperty.call(message, "shutdown")) {
                    object.shutdown = $root.acgan.v1.Shutdown.toObject(message.shutdown, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "shutdown";
                }
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact")) {
                    object.artifact = $root.acgan.v1.Artifact.toObject(message.artifact, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "artifact";
                }
                return object;
            };

            /**
             * Converts this Envelope to JSON.
             * @function toJSON
             * @memberof acgan.v1.Envelope
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Envelope.prototype.toJSON = function() {
                return Envelope.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Envelope;
        })();

        return v1;
    })();

    return acgan;
})();

export {
  $root as default
};

import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace acgan {

    namespace v1 {

        enum MessageType {
            MESSAGE_TYPE_UNSPECIFIED = 0,
            REGISTER = 1,
            ASSIGN = 2,
            STATE = 3,
            STATE_REQUEST = 4,
            READY = 5,
            HEARTBEAT = 6,
            GRADIENT = 7,
            AVERAGED = 8,
            CHECKSUM = 9,
            METRICS = 10,
            ERROR = 11,
            SHUTDOWN = 12,
            ARTIFACT = 13
        }

        enum Phase {
            PHASE_UNSPECIFIED = 0,
            PHASE_D = 1,
            PHASE_G = 2
        }

        enum Dtype {
            DTYPE_UNSPECIFIED = 0,
            F32 = 1,
            F16 = 2,
            BF16 = 3,
            I32 = 4,
            U8 = 5
        }

        enum StatePurpose {
            PURPOSE_UNSPECIFIED = 0,
            INITIAL = 1,
            REJOIN = 2,
            CHECKPOINT = 3
        }

        interface IChunkDescriptor extends acgan.v1.ChunkDescriptor.$Properties {
        }

        class ChunkDescriptor {
            constructor(properties?: acgan.v1.ChunkDescriptor.$Properties);
            $unknowns?: Uint8Array[];
            name: string;
            dtype: acgan.v1.Dtype;
            shape: number[];
            byteLength: number;
            elementOffset: number;
            totalElements: number;
            tensorShape: number[];
            static create(properties: acgan.v1.ChunkDescriptor.$Shape): acgan.v1.ChunkDescriptor & acgan.v1.ChunkDescriptor.$Shape;
            static create(properties?: acgan.v1.ChunkDescriptor.$Properties): acgan.v1.ChunkDescriptor;
            static encode(message: acgan.v1.ChunkDescriptor.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.ChunkDescriptor & acgan.v1.ChunkDescriptor.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.ChunkDescriptor;
            static toObject(message: acgan.v1.ChunkDescriptor, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace ChunkDescriptor {
            interface $Properties {
                name?: (string|null);
                dtype?: (acgan.v1.Dtype|null);
                shape?: (number[]|null);
                byteLength?: (number|null);
                elementOffset?: (number|null);
                totalElements?: (number|null);
                tensorShape?: (number[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.ChunkDescriptor.$Properties;
        }

        interface ICapabilities extends acgan.v1.Capabilities.$Properties {
        }

        class Capabilities {
            constructor(properties?: acgan.v1.Capabilities.$Properties);
            $unknowns?: Uint8Array[];
            backend: string;
            wireDtypes: acgan.v1.Dtype[];
            host: string;
            pid: number;
            sharedMemory: boolean;
            static create(properties: acgan.v1.Capabilities.$Shape): acgan.v1.Capabilities & acgan.v1.Capabilities.$Shape;
            static create(properties?: acgan.v1.Capabilities.$Properties): acgan.v1.Capabilities;
            static encode(message: acgan.v1.Capabilities.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Capabilities & acgan.v1.Capabilities.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Capabilities;
            static toObject(message: acgan.v1.Capabilities, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Capabilities {
            interface $Properties {
                backend?: (string|null);
                wireDtypes?: (acgan.v1.Dtype[]|null);
                host?: (string|null);
                pid?: (number|null);
                sharedMemory?: (boolean|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Capabilities.$Properties;
        }

        interface IRegister extends acgan.v1.Register.$Properties {
        }

        class Register {
            constructor(properties?: acgan.v1.Register.$Properties);
            $unknowns?: Uint8Array[];
            protocolVersion: number;
            modelConfigHash: string;
            capabilities?: (acgan.v1.Capabilities.$Properties|null);
            requestedRank: number;
            modelConfigJson: string;
            static create(properties: acgan.v1.Register.$Shape): acgan.v1.Register & acgan.v1.Register.$Shape;
            static create(properties?: acgan.v1.Register.$Properties): acgan.v1.Register;
            static encode(message: acgan.v1.Register.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Register & acgan.v1.Register.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Register;
            static toObject(message: acgan.v1.Register, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Register {
            interface $Properties {
                protocolVersion?: (number|null);
                modelConfigHash?: (string|null);
                capabilities?: (acgan.v1.Capabilities.$Properties|null);
                requestedRank?: (number|null);
                modelConfigJson?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Register.$Properties;
        }

        interface IAssign extends acgan.v1.Assign.$Properties {
        }

        class Assign {
            constructor(properties?: acgan.v1.Assign.$Properties);
            $unknowns?: Uint8Array[];
            rank: number;
            worldSize: number;
            runConfigJson: string;
            startStep: number;
            epoch: number;
            session: string;
            sharedMemory?: (acgan.v1.SharedMemory.$Properties|null);
            datasetFactsJson: string;
            static create(properties: acgan.v1.Assign.$Shape): acgan.v1.Assign & acgan.v1.Assign.$Shape;
            static create(properties?: acgan.v1.Assign.$Properties): acgan.v1.Assign;
            static encode(message: acgan.v1.Assign.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Assign & acgan.v1.Assign.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Assign;
            static toObject(message: acgan.v1.Assign, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Assign {
            interface $Properties {
                rank?: (number|null);
                worldSize?: (number|null);
                runConfigJson?: (string|null);
                startStep?: (number|null);
                epoch?: (number|null);
                session?: (string|null);
                sharedMemory?: (acgan.v1.SharedMemory.$Properties|null);
                datasetFactsJson?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Assign.$Properties;
        }

        interface ISharedMemory extends acgan.v1.SharedMemory.$Properties {
        }

        class SharedMemory {
            constructor(properties?: acgan.v1.SharedMemory.$Properties);
            $unknowns?: Uint8Array[];
            slotPath: string;
            averagePath: string;
            bytes: number;
            static create(properties: acgan.v1.SharedMemory.$Shape): acgan.v1.SharedMemory & acgan.v1.SharedMemory.$Shape;
            static create(properties?: acgan.v1.SharedMemory.$Properties): acgan.v1.SharedMemory;
            static encode(message: acgan.v1.SharedMemory.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.SharedMemory & acgan.v1.SharedMemory.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.SharedMemory;
            static toObject(message: acgan.v1.SharedMemory, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace SharedMemory {
            interface $Properties {
                slotPath?: (string|null);
                averagePath?: (string|null);
                bytes?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.SharedMemory.$Properties;
        }

        interface IState extends acgan.v1.State.$Properties {
        }

        class State {
            constructor(properties?: acgan.v1.State.$Properties);
            $unknowns?: Uint8Array[];
            step: number;
            epoch: number;
            purpose: acgan.v1.StatePurpose;
            static create(properties: acgan.v1.State.$Shape): acgan.v1.State & acgan.v1.State.$Shape;
            static create(properties?: acgan.v1.State.$Properties): acgan.v1.State;
            static encode(message: acgan.v1.State.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.State & acgan.v1.State.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.State;
            static toObject(message: acgan.v1.State, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace State {
            interface $Properties {
                step?: (number|null);
                epoch?: (number|null);
                purpose?: (acgan.v1.StatePurpose|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.State.$Properties;
        }

        interface IStateRequest extends acgan.v1.StateRequest.$Properties {
        }

        class StateRequest {
            constructor(properties?: acgan.v1.StateRequest.$Properties);
            $unknowns?: Uint8Array[];
            step: number;
            purpose: acgan.v1.StatePurpose;
            static create(properties: acgan.v1.StateRequest.$Shape): acgan.v1.StateRequest & acgan.v1.StateRequest.$Shape;
            static create(properties?: acgan.v1.StateRequest.$Properties): acgan.v1.StateRequest;
            static encode(message: acgan.v1.StateRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.StateRequest & acgan.v1.StateRequest.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.StateRequest;
            static toObject(message: acgan.v1.StateRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace StateRequest {
            interface $Properties {
                step?: (number|null);
                purpose?: (acgan.v1.StatePurpose|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.StateRequest.$Properties;
        }

        interface IReady extends acgan.v1.Ready.$Properties {
        }

        class Ready {
            constructor(properties?: acgan.v1.Ready.$Properties);
            $unknowns?: Uint8Array[];
            step: number;
            backend: string;
            sharedMemory: boolean;
            static create(properties: acgan.v1.Ready.$Shape): acgan.v1.Ready & acgan.v1.Ready.$Shape;
            static create(properties?: acgan.v1.Ready.$Properties): acgan.v1.Ready;
            static encode(message: acgan.v1.Ready.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Ready & acgan.v1.Ready.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Ready;
            static toObject(message: acgan.v1.Ready, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Ready {
            interface $Properties {
                step?: (number|null);
                backend?: (string|null);
                sharedMemory?: (boolean|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Ready.$Properties;
        }

        interface IHeartbeat extends acgan.v1.Heartbeat.$Properties {
        }

        class Heartbeat {
            constructor(properties?: acgan.v1.Heartbeat.$Properties);
            $unknowns?: Uint8Array[];
            unixMs: number;
            static create(properties: acgan.v1.Heartbeat.$Shape): acgan.v1.Heartbeat & acgan.v1.Heartbeat.$Shape;
            static create(properties?: acgan.v1.Heartbeat.$Properties): acgan.v1.Heartbeat;
            static encode(message: acgan.v1.Heartbeat.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Heartbeat & acgan.v1.Heartbeat.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Heartbeat;
            static toObject(message: acgan.v1.Heartbeat, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Heartbeat {
            interface $Properties {
                unixMs?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Heartbeat.$Properties;
        }

        interface IGradient extends acgan.v1.Gradient.$Properties {
        }

        class Gradient {
            constructor(properties?: acgan.v1.Gradient.$Properties);
            $unknowns?: Uint8Array[];
            hasNonFinite: boolean;
            inSharedMemory: boolean;
            totalElements: number;
            static create(properties: acgan.v1.Gradient.$Shape): acgan.v1.Gradient & acgan.v1.Gradient.$Shape;
            static create(properties?: acgan.v1.Gradient.$Properties): acgan.v1.Gradient;
            static encode(message: acgan.v1.Gradient.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Gradient & acgan.v1.Gradient.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Gradient;
            static toObject(message: acgan.v1.Gradient, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Gradient {
            interface $Properties {
                hasNonFinite?: (boolean|null);
                inSharedMemory?: (boolean|null);
                totalElements?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Gradient.$Properties;
        }

        interface IAveraged extends acgan.v1.Averaged.$Properties {
        }

        class Averaged {
            constructor(properties?: acgan.v1.Averaged.$Properties);
            $unknowns?: Uint8Array[];
            skip: boolean;
            inSharedMemory: boolean;
            totalElements: number;
            static create(properties: acgan.v1.Averaged.$Shape): acgan.v1.Averaged & acgan.v1.Averaged.$Shape;
            static create(properties?: acgan.v1.Averaged.$Properties): acgan.v1.Averaged;
            static encode(message: acgan.v1.Averaged.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Averaged & acgan.v1.Averaged.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Averaged;
            static toObject(message: acgan.v1.Averaged, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Averaged {
            interface $Properties {
                skip?: (boolean|null);
                inSharedMemory?: (boolean|null);
                totalElements?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Averaged.$Properties;
        }

        interface IChecksum extends acgan.v1.Checksum.$Properties {
        }

        class Checksum {
            constructor(properties?: acgan.v1.Checksum.$Properties);
            $unknowns?: Uint8Array[];
            step: number;
            value: string;
            algorithm: string;
            static create(properties: acgan.v1.Checksum.$Shape): acgan.v1.Checksum & acgan.v1.Checksum.$Shape;
            static create(properties?: acgan.v1.Checksum.$Properties): acgan.v1.Checksum;
            static encode(message: acgan.v1.Checksum.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Checksum & acgan.v1.Checksum.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Checksum;
            static toObject(message: acgan.v1.Checksum, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Checksum {
            interface $Properties {
                step?: (number|null);
                value?: (string|null);
                algorithm?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Checksum.$Properties;
        }

        interface IMetrics extends acgan.v1.Metrics.$Properties {
        }

        class Metrics {
            constructor(properties?: acgan.v1.Metrics.$Properties);
            $unknowns?: Uint8Array[];
            step: number;
            values: { [k: string]: number };
            static create(properties: acgan.v1.Metrics.$Shape): acgan.v1.Metrics & acgan.v1.Metrics.$Shape;
            static create(properties?: acgan.v1.Metrics.$Properties): acgan.v1.Metrics;
            static encode(message: acgan.v1.Metrics.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Metrics & acgan.v1.Metrics.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Metrics;
            static toObject(message: acgan.v1.Metrics, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Metrics {
            interface $Properties {
                step?: (number|null);
                values?: ({ [k: string]: number }|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Metrics.$Properties;
        }

        interface IError extends acgan.v1.Error.$Properties {
        }

        class Error {
            constructor(properties?: acgan.v1.Error.$Properties);
            $unknowns?: Uint8Array[];
            code: string;
            message: string;
            fatal: boolean;
            static create(properties: acgan.v1.Error.$Shape): acgan.v1.Error & acgan.v1.Error.$Shape;
            static create(properties?: acgan.v1.Error.$Properties): acgan.v1.Error;
            static encode(message: acgan.v1.Error.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Error & acgan.v1.Error.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Error;
            static toObject(message: acgan.v1.Error, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Error {
            interface $Properties {
                code?: (string|null);
                message?: (string|null);
                fatal?: (boolean|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Error.$Properties;
        }

        interface IShutdown extends acgan.v1.Shutdown.$Properties {
        }

        class Shutdown {
            constructor(properties?: acgan.v1.Shutdown.$Properties);
            $unknowns?: Uint8Array[];
            reason: string;
            exitCode: number;
            static create(properties: acgan.v1.Shutdown.$Shape): acgan.v1.Shutdown & acgan.v1.Shutdown.$Shape;
            static create(properties?: acgan.v1.Shutdown.$Properties): acgan.v1.Shutdown;
            static encode(message: acgan.v1.Shutdown.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Shutdown & acgan.v1.Shutdown.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Shutdown;
            static toObject(message: acgan.v1.Shutdown, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Shutdown {
            interface $Properties {
                reason?: (string|null);
                exitCode?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Shutdown.$Properties;
        }

        interface IArtifact extends acgan.v1.Artifact.$Properties {
        }

        class Artifact {
            constructor(properties?: acgan.v1.Artifact.$Properties);
            $unknowns?: Uint8Array[];
            path: string;
            offset: number;
            totalBytes: number;
            last: boolean;
            sha256: string;
            static create(properties: acgan.v1.Artifact.$Shape): acgan.v1.Artifact & acgan.v1.Artifact.$Shape;
            static create(properties?: acgan.v1.Artifact.$Properties): acgan.v1.Artifact;
            static encode(message: acgan.v1.Artifact.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Artifact & acgan.v1.Artifact.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Artifact;
            static toObject(message: acgan.v1.Artifact, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Artifact {
            interface $Properties {
                path?: (string|null);
                offset?: (number|null);
                totalBytes?: (number|null);
                last?: (boolean|null);
                sha256?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = acgan.v1.Artifact.$Properties;
        }

        interface IEnvelope extends acgan.v1.Envelope.$Properties {
        }

        class Envelope {
            constructor(properties?: acgan.v1.Envelope.$Properties);
            $unknowns?: Uint8Array[];
            version: number;
            type: acgan.v1.MessageType;
            senderRank: number;
            step: number;
            phase: acgan.v1.Phase;
            bucket: number;
            bucketCount: number;
            session: string;
            chunks: acgan.v1.ChunkDescriptor.$Properties[];
            register?: (acgan.v1.Register.$Properties|null);
            assign?: (acgan.v1.Assign.$Properties|null);
            state?: (acgan.v1.State.$Properties|null);
            stateRequest?: (acgan.v1.StateRequest.$Properties|null);
            ready?: (acgan.v1.Ready.$Properties|null);
            heartbeat?: (acgan.v1.Heartbeat.$Properties|null);
            gradient?: (acgan.v1.Gradient.$Properties|null);
            averaged?: (acgan.v1.Averaged.$Properties|null);
            checksum?: (acgan.v1.Checksum.$Properties|null);
            metrics?: (acgan.v1.Metrics.$Properties|null);
            error?: (acgan.v1.Error.$Properties|null);
            shutdown?: (acgan.v1.Shutdown.$Properties|null);
            artifact?: (acgan.v1.Artifact.$Properties|null);
            body?: ("register"|"assign"|"state"|"stateRequest"|"ready"|"heartbeat"|"gradient"|"averaged"|"checksum"|"metrics"|"error"|"shutdown"|"artifact");
            static create(properties: acgan.v1.Envelope.$Shape): acgan.v1.Envelope & acgan.v1.Envelope.$Shape;
            static create(properties?: acgan.v1.Envelope.$Properties): acgan.v1.Envelope;
            static encode(message: acgan.v1.Envelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): acgan.v1.Envelope & acgan.v1.Envelope.$Shape;
            static fromObject(object: { [k: string]: any }): acgan.v1.Envelope;
            static toObject(message: acgan.v1.Envelope, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Envelope {
            interface $Properties {
                version?: (number|null);
                type?: (acgan.v1.MessageType|null);
                senderRank?: (number|null);
                step?: (number|null);
                phase?: (acgan.v1.Phase|null);
                bucket?: (number|null);
                bucketCount?: (number|null);
                session?: (string|null);
                chunks?: (acgan.v1.ChunkDescriptor.$Properties[]|null);
                register?: (acgan.v1.Register.$Properties|null);
                assign?: (acgan.v1.Assign.$Properties|null);
                state?: (acgan.v1.State.$Properties|null);
                stateRequest?: (acgan.v1.StateRequest.$Properties|null);
                ready?: (acgan.v1.Ready.$Properties|null);
                heartbeat?: (acgan.v1.Heartbeat.$Properties|null);
                gradient?: (acgan.v1.Gradient.$Properties|null);
                averaged?: (acgan.v1.Averaged.$Properties|null);
                checksum?: (acgan.v1.Checksum.$Properties|null);
                metrics?: (acgan.v1.Metrics.$Properties|null);
                error?: (acgan.v1.Error.$Properties|null);
                shutdown?: (acgan.v1.Shutdown.$Properties|null);
                artifact?: (acgan.v1.Artifact.$Properties|null);
                body?: ("register"|"assign"|"state"|"stateRequest"|"ready"|"heartbeat"|"gradient"|"averaged"|"checksum"|"metrics"|"error"|"shutdown"|"artifact");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              version?: number|null;
              type?: acgan.v1.MessageType|null;
              senderRank?: number|null;
              step?: number|null;
              phase?: acgan.v1.Phase|null;
              bucket?: number|null;
              bucketCount?: number|null;
              session?: string|null;
              chunks?: acgan.v1.ChunkDescriptor.$Shape[]|null;
              register?: acgan.v1.Register.$Shape|null;
              assign?: acgan.v1.Assign.$Shape|null;
              state?: acgan.v1.State.$Shape|null;
              stateRequest?: acgan.v1.StateRequest.$Shape|null;
              ready?: acgan.v1.Ready.$Shape|null;
              heartbeat?: acgan.v1.Heartbeat.$Shape|null;
              gradient?: acgan.v1.Gradient.$Shape|null;
              averaged?: acgan.v1.Averaged.$Shape|null;
              checksum?: acgan.v1.Checksum.$Shape|null;
              metrics?: acgan.v1.Metrics.$Shape|null;
              error?: acgan.v1.Error.$Shape|null;
              shutdown?: acgan.v1.Shutdown.$Shape|null;
              artifact?: acgan.v1.Artifact.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "register"; register: acgan.v1.Register.$Shape; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "assign"; register?: null; assign: acgan.v1.Assign.$Shape; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "state"; register?: null; assign?: null; state: acgan.v1.State.$Shape; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "stateRequest"; register?: null; assign?: null; state?: null; stateRequest: acgan.v1.StateRequest.$Shape; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "ready"; register?: null; assign?: null; state?: null; stateRequest?: null; ready: acgan.v1.Ready.$Shape; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "heartbeat"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat: acgan.v1.Heartbeat.$Shape; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "gradient"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient: acgan.v1.Gradient.$Shape; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "averaged"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged: acgan.v1.Averaged.$Shape; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "checksum"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum: acgan.v1.Checksum.$Shape; metrics?: null; error?: null; shutdown?: null; artifact?: null }|{ body?: "metrics"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics: acgan.v1.Metrics.$Shape; error?: null; shutdown?: null; artifact?: null }|{ body?: "error"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error: acgan.v1.Error.$Shape; shutdown?: null; artifact?: null }|{ body?: "shutdown"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown: acgan.v1.Shutdown.$Shape; artifact?: null }|{ body?: "artifact"; register?: null; assign?: null; state?: null; stateRequest?: null; ready?: null; heartbeat?: null; gradient?: null; averaged?: null; checksum?: null; metrics?: null; error?: null; shutdown?: null; artifact: acgan.v1.Artifact.$Shape })
            );
        }
    }
}
